// Fits a user's taste vector theta and bias with the items fixed (the Laplace posterior, full
// covariance), from ratings on the user's 1-10 scale and pairwise comparisons. The item posterior
// enters the likelihood: a rating's noise variance is sigma^2 + Var(b_i) + sum_k theta_k^2 Var(beta_ik),
// so an uncertain item tells less; the variances depend on theta, so the fit iterates (fixed point).
// The user's scale map (userRating = slope * modelRating; the offset is the bias) is fitted by
// maximising the Laplace evidence over the slope.
import type { ModelParams } from '../../model/types.ts';
import { cholInverse, cholLogDet } from './linalg.ts';
import {
  addRatingTerm,
  compTermAt,
  emptyStats,
  solveMode,
  symmetrise,
  type CompTerm,
  type Mode,
  type RatingStats,
} from './mode.ts';
import type { ComparisonObs, FitOptions, RatingObs, ThetaPosterior } from './types.ts';

/** Prior variance of the user bias once there are ratings: flat for practical purposes, so the bias
 * absorbs any offset of the user's scale (and the offset changes nothing else). */
export const BIAS_PRIOR_VAR = 1e6;
/** Without ratings the bias is not identified (comparisons cancel it): MovieLens-like spread. */
export const BIAS_PRIOR_VAR_NO_RATINGS = 0.25;
/** The IMDb scale is twice the MovieLens one; the fitted slope is pulled towards it. */
export const DEFAULT_SLOPE = 2;
const LOG_SLOPE_PRIOR_SD = 0.5;
const SLOPE_RANGE: [number, number] = [0.6, 6];
const DEFAULT_NOISE_PASSES = 4;

export function priorPrecision(params: ModelParams, hasRatings = true): Float64Array {
  const p = new Float64Array(params.dim + 1);
  p[0] = 1 / (hasRatings ? BIAS_PRIOR_VAR : BIAS_PRIOR_VAR_NO_RATINGS);
  for (let k = 0; k < params.dim; k++) p[k + 1] = 1 / params.priorVar[k]!;
  return p;
}

/** Noise variance of a rating of item i under the current theta (w[1..K]). */
export function ratingVariance(params: ModelParams, item: number, w: ArrayLike<number>): number {
  const k = params.dim;
  let v = params.noiseVar + params.itemBiasVar[item]!;
  for (let j = 0; j < k; j++) v += w[j + 1]! * w[j + 1]! * params.itemFactorVar[item * k + j]!;
  return v;
}

export function ratingFeature(params: ModelParams, item: number, out: Float64Array): Float64Array {
  const k = params.dim;
  out[0] = 1;
  for (let j = 0; j < k; j++) out[j + 1] = params.itemFactorMean[item * k + j]!;
  return out;
}

export function ratingStats(
  params: ModelParams,
  ratings: readonly RatingObs[],
  slope: number,
  w: ArrayLike<number>,
): RatingStats {
  const d = params.dim + 1;
  const stats = emptyStats(d);
  const x = new Float64Array(d);
  for (const r of ratings) {
    ratingFeature(params, r.item, x);
    const residual = r.rating / slope - params.mu - params.itemBiasMean[r.item]!;
    addRatingTerm(stats, d, x, residual, ratingVariance(params, r.item, w));
  }
  symmetrise(stats.h, d);
  return stats;
}

/** Variance of a whole-point rating around the liking it reads (uniform rounding, 1-10 scale). */
export const ANCHOR_VAR = 1 / 12;

/** "About the same": within half a point on your 1-10 scale (what two equal whole ratings span),
 * the band the rate simulation measures for the rate flow (rate/search.ts). */
export const TIE_BAND = 0.5;

/**
 * Thurstone case V: each side carries the rating noise and its item's uncertainty. An anchored
 * comparison (the other side placed by your rating of it) compares the item's rating with that
 * rating: a[0] = +-1 (the bias counts).
 */
export function comparisonTerm(
  params: ModelParams,
  c: ComparisonObs,
  w: ArrayLike<number>,
  slope: number,
): CompTerm {
  const k = params.dim;
  const a = new Float64Array(k + 1);
  if (c.winner < 0 || c.loser < 0) {
    const won = c.winner >= 0;
    const item = won ? c.winner : c.loser;
    const sign = won ? 1 : -1;
    a[0] = sign;
    for (let j = 0; j < k; j++) a[j + 1] = sign * params.itemFactorMean[item * k + j]!;
    const d0 = sign * (params.mu + params.itemBiasMean[item]! - c.anchor! / slope);
    // Your rating is a reading of how much you liked the other title, rounded to a whole point:
    // that side carries the rounding (variance 1/12 on your scale), not a fresh draw of the noise.
    const s = Math.sqrt(ratingVariance(params, item, w) + ANCHOR_VAR / (slope * slope));
    return c.tie ? { a, d0, s, band: TIE_BAND / slope } : { a, d0, s };
  }
  for (let j = 0; j < k; j++)
    a[j + 1] = params.itemFactorMean[c.winner * k + j]! - params.itemFactorMean[c.loser * k + j]!;
  const d0 = params.itemBiasMean[c.winner]! - params.itemBiasMean[c.loser]!;
  const s = Math.sqrt(ratingVariance(params, c.winner, w) + ratingVariance(params, c.loser, w));
  return c.tie ? { a, d0, s, band: TIE_BAND / slope } : { a, d0, s };
}

export interface SlopeFit {
  mode: Mode;
  stats: RatingStats;
  comps: CompTerm[];
  logEvidence: number;
}

/** The fixed point in the noise variances at one slope, and the Laplace evidence there. */
export function fitAtSlope(
  params: ModelParams,
  ratings: readonly RatingObs[],
  comparisons: readonly ComparisonObs[],
  slope: number,
  passes = DEFAULT_NOISE_PASSES,
  start?: Float64Array,
): SlopeFit {
  const d = params.dim + 1;
  const prior = priorPrecision(params, ratings.length > 0);
  let w: Float64Array = start ? Float64Array.from(start) : new Float64Array(d);
  let fit: SlopeFit | undefined;
  for (let pass = 0; pass < passes; pass++) {
    const stats = ratingStats(params, ratings, slope, w);
    const comps = comparisons.map((c) => comparisonTerm(params, c, w, slope));
    const mode = solveMode(d, prior, stats, comps, w);
    fit = { mode, stats, comps, logEvidence: 0 };
    w = mode.w;
  }
  fit!.logEvidence = laplaceEvidence(fit!, prior, d, slope);
  return fit!;
}

/** log p(y | slope) ~ log p(y | w*) + log p(w*) + D/2 log 2pi - 1/2 log|H|, with dz/dy = 1/slope. */
function laplaceEvidence(fit: SlopeFit, prior: Float64Array, d: number, slope: number): number {
  const { w } = fit.mode;
  const { stats } = fit;
  let quad = stats.rr;
  for (let i = 0; i < d; i++) {
    let hw = 0;
    for (let j = 0; j < d; j++) hw += stats.h[i * d + j]! * w[j]!;
    quad += w[i]! * hw - 2 * stats.g[i]! * w[i]!;
  }
  let logLik = -0.5 * (quad + stats.logNorm);
  for (const c of fit.comps) {
    let t = c.d0;
    for (let i = 1; i < d; i++) t += c.a[i]! * w[i]!;
    logLik += compTermAt(c, t).logP;
  }
  let logPrior = 0;
  for (let i = 0; i < d; i++) logPrior += -0.5 * prior[i]! * w[i]! * w[i]! + 0.5 * Math.log(prior[i]!);
  return logLik + logPrior - 0.5 * cholLogDet(fit.mode.chol, d) - stats.n * Math.log(slope);
}

export function toPosterior(
  params: ModelParams,
  fit: SlopeFit,
  slope: number,
  nComparisons: number,
): ThetaPosterior {
  const d = params.dim + 1;
  return {
    dim: params.dim,
    mean: Float64Array.from(fit.mode.w),
    cov: cholInverse(fit.mode.chol, d),
    slope,
    nRatings: fit.stats.n,
    nComparisons,
    logEvidence: fit.logEvidence,
  };
}

/** The full fit from scratch (what `update` runs): slope by golden-section search on the evidence. */
export function fitTheta(
  params: ModelParams,
  ratings: readonly RatingObs[],
  comparisons: readonly ComparisonObs[],
  options: FitOptions = {},
): ThetaPosterior {
  const passes = options.noisePasses ?? DEFAULT_NOISE_PASSES;
  if (options.slope !== undefined || ratings.length < 3) {
    const slope = options.slope ?? DEFAULT_SLOPE;
    return toPosterior(
      params,
      fitAtSlope(params, ratings, comparisons, slope, passes),
      slope,
      comparisons.length,
    );
  }
  const logPrior = (ls: number) => -0.5 * ((ls - Math.log(DEFAULT_SLOPE)) / LOG_SLOPE_PRIOR_SD) ** 2;
  const cache = new Map<number, SlopeFit>();
  const score = (ls: number): number => {
    const fit = fitAtSlope(params, ratings, comparisons, Math.exp(ls), passes);
    cache.set(ls, fit);
    return fit.logEvidence + logPrior(ls);
  };
  // Golden-section search for the maximum over log(slope); the evidence is smooth and unimodal.
  let lo = Math.log(SLOPE_RANGE[0]);
  let hi = Math.log(SLOPE_RANGE[1]);
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = score(x1);
  let f2 = score(x2);
  while (hi - lo > 0.01) {
    if (f1 > f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - g * (hi - lo);
      f1 = score(x1);
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + g * (hi - lo);
      f2 = score(x2);
    }
  }
  const best = f1 > f2 ? x1 : x2;
  return toPosterior(params, cache.get(best)!, Math.exp(best), comparisons.length);
}
