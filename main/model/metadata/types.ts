// Shapes of the metadata model (issue 21): what IMDb says about a title, and the item posterior the
// model predicts from it for a title the ratings never placed (a film newer than MovieLens, a series).

/** What the metadata model reads about one title (every field may be missing). */
export interface TitleMetadata {
  /** IMDb's titleType: movie, tvMovie, tvSeries, tvMiniSeries, tvSpecial. */
  titleType: string | null;
  year: number | null;
  runtimeMinutes: number | null;
  /** IMDb's genre names (Drama, Sci-Fi...). */
  genres: readonly string[];
  imdbRating: number | null;
  imdbVotes: number | null;
  /** nconsts, in billing order. */
  directors: readonly string[];
  writers: readonly string[];
  cast: readonly string[];
}

/** The people roles the model pools, in their fixed order. */
export const ROLES = ['directors', 'writers', 'cast'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Which metadata the model uses, cumulatively (the ablation): genres, year, runtime and
 * title type; plus IMDb's rating and votes; plus directors, writers and cast.
 */
export type FeatureSet = 'genres-year' | 'imdb' | 'people';

/** An item posterior on the model's scale, as ModelParams holds one per trained item. */
export interface ItemPosterior {
  mean: Float32Array; // [dim]
  variance: Float32Array; // [dim]
  bias: number;
  biasVariance: number;
}

/** Where a title's posterior comes from: its own ratings (trained) or its metadata (this model). */
export type PosteriorSource = 'ratings' | 'metadata';

export interface MetadataFitOptions {
  features: FeatureSet;
  /** Ridge penalty on the regression weights (features are O(1)). */
  ridge: number;
  /** A person's pooled vector is sum / (films + kappa): one film counts for 1 / (1 + kappa). */
  kappa: number;
  /** Training items need at least this many training ratings (their posterior means are targets). */
  minCount: number;
  /**
   * Passes that re-centre the targets on the regression (0 = plain post-hoc CB2CF): a trained item
   * was shrunk towards a zero prior mean, which attenuates what metadata predicts; under a prior
   * mean f(x) its posterior mean would be m + (V / P) f(x) (same variance V; P the prior variance),
   * so each pass refits on those targets: RLFM's item prior, applied after training.
   */
  recentre: number;
  /** The item-bias prior variance the model was trained with (ModelParams does not carry it). */
  biasPrior: number;
}

/** How the fit went: the regression's held-out figures and what it was fitted on. */
export interface MetadataFitReport {
  items: number;
  features: FeatureSet;
  dim: number;
  columns: number;
  /** Per target (bias first, then factor k): residual variance and the target's own variance. */
  residualVar: number[];
  targetVar: number[];
  people: Record<Role, number>;
  seconds: number;
}
