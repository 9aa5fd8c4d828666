// Fast updates between full fits (after every arena answer): the ratings are kept as K+1-sized
// sufficient statistics with their noise variances frozen at the last fit, and only the comparison
// terms are re-evaluated; Newton restarts from the current mode, so an update costs a few passes
// over the comparisons plus (K+1)^3 work. `update` (fitTheta) recomputes everything from scratch.
import type { ModelParams } from '../../model/types.ts';
import { cholInverse } from './linalg.ts';
import { addRatingTerm, solveMode, symmetrise, type CompTerm, type RatingStats } from './mode.ts';
import {
  comparisonTerm,
  fitAtSlope,
  priorPrecision,
  ratingFeature,
  ratingStats,
  ratingVariance,
  toPosterior,
} from './fit.ts';
import type { ComparisonObs, RatingObs, ThetaPosterior } from './types.ts';

export class IncrementalTheta {
  readonly params: ModelParams;
  readonly slope: number;
  private readonly d: number;
  private readonly prior: Float64Array;
  private readonly stats: RatingStats;
  private readonly comps: CompTerm[];
  /** The observations behind `comps`, in the same order (to take one back). */
  private readonly compObs: ComparisonObs[];
  private post: ThetaPosterior;

  /** Starts from a posterior (e.g. the stored one) and the data it was fitted on. */
  constructor(
    params: ModelParams,
    post: ThetaPosterior,
    ratings: readonly RatingObs[],
    comparisons: readonly ComparisonObs[],
  ) {
    this.params = params;
    this.slope = post.slope;
    this.d = params.dim + 1;
    this.prior = priorPrecision(params, ratings.length > 0);
    this.stats = ratingStats(params, ratings, post.slope, post.mean);
    this.comps = comparisons.map((c) => comparisonTerm(params, c, post.mean, post.slope));
    this.compObs = [...comparisons];
    this.post = post;
  }

  /** Builds the state with a fit at a fixed slope (no stored posterior yet). */
  static fresh(params: ModelParams, slope: number): IncrementalTheta {
    return new IncrementalTheta(
      params,
      toPosterior(params, fitAtSlope(params, [], [], slope, 1), slope, 0),
      [],
      [],
    );
  }

  get posterior(): ThetaPosterior {
    return this.post;
  }

  addComparison(c: ComparisonObs): ThetaPosterior {
    this.comps.push(comparisonTerm(this.params, c, this.post.mean, this.slope));
    this.compObs.push(c);
    return this.resolve(this.post.nRatings, this.post.nComparisons + 1);
  }

  /**
   * Takes back a comparison (undo): its term goes and the mode is solved again, which is exact
   * because comparison terms are re-evaluated at every solve. Null when the state does not hold it.
   */
  removeComparison(c: ComparisonObs): ThetaPosterior | null {
    for (let i = this.compObs.length - 1; i >= 0; i--) {
      const o = this.compObs[i]!;
      if (o.winner === c.winner && o.loser === c.loser && o.anchor === c.anchor && !o.tie === !c.tie) {
        this.compObs.splice(i, 1);
        this.comps.splice(i, 1);
        return this.resolve(this.post.nRatings, this.post.nComparisons - 1);
      }
    }
    return null;
  }

  addRating(r: RatingObs): ThetaPosterior {
    const x = ratingFeature(this.params, r.item, new Float64Array(this.d));
    // addRatingTerm accumulates the lower triangle; rebuild the upper from it afterwards.
    const residual = r.rating / this.slope - this.params.mu - this.params.itemBiasMean[r.item]!;
    addRatingTerm(this.stats, this.d, x, residual, ratingVariance(this.params, r.item, this.post.mean));
    this.prior.set(priorPrecision(this.params, true));
    symmetrise(this.stats.h, this.d);
    return this.resolve(this.post.nRatings + 1, this.post.nComparisons);
  }

  private resolve(nRatings: number, nComparisons: number): ThetaPosterior {
    const mode = solveMode(this.d, this.prior, this.stats, this.comps, this.post.mean);
    this.post = {
      dim: this.params.dim,
      mean: mode.w,
      cov: cholInverse(mode.chol, this.d),
      slope: this.slope,
      nRatings,
      nComparisons,
      logEvidence: Number.NaN,
    };
    return this.post;
  }
}
