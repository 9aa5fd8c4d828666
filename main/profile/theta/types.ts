// Shapes of a taste-vector fit: what goes in (ratings on the user's 1-10 scale and pairwise
// comparisons, both over the model's item indices) and the Gaussian posterior that comes out.

export interface RatingObs {
  /** Dense item index in ModelParams. */
  item: number;
  /** The user's rating, 1..10 (IMDb's scale). */
  rating: number;
}

/**
 * A pairwise answer between two items; or between an item and a title the model does not know
 * (a series, a film outside MovieLens): that side's index is -1 and the user's rating of it anchors
 * the comparison on the user's scale (it then also informs the bias).
 */
export interface ComparisonObs {
  winner: number;
  loser: number;
  /** The user's 1-10 rating of the side whose index is -1. */
  anchor?: number;
  /** "About the same": winner and loser are then just the two sides. */
  tie?: boolean;
}

/**
 * The posterior over w = [userBias, theta_1..theta_K] (model scale, 0.5..5 stars), Gaussian with a
 * full covariance, and the user's scale map: userRating = slope * modelRating. A user's own offset
 * lives in userBias, so a user who rates everything 2 points higher gets a different bias, the
 * same theta and the same ranking.
 */
export interface ThetaPosterior {
  dim: number;
  mean: Float64Array; // [dim + 1]
  cov: Float64Array; // [(dim + 1)^2], row-major
  slope: number;
  nRatings: number;
  nComparisons: number;
  /** Laplace approximation of log p(data | slope), used to fit the slope. */
  logEvidence: number;
}

export interface FitOptions {
  /** Fixed scale slope (skips its fit), e.g. for tests. */
  slope?: number;
  /** Passes of the heteroscedastic-noise fixed point (variances recomputed from theta). */
  noisePasses?: number;
}
