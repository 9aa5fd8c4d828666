// The predictive distribution of a rating under a trained model. For a known user with posterior
// q(theta_u) = N(m_u, diag v_u) (and bias b_u ~ N(bm, bv)), the rating is approximately
//   N(mu + b_u + b_i + m_u.m_i,  sigma^2 + v_bu + v_bi + sum_k (m_uk^2 v_ik + v_uk m_ik^2 + v_uk v_ik))
// (exact mean and variance of the product of independent Gaussians; treated as Gaussian).
import { normQuantile } from '../stats/normal.ts';
import type { ModelParams } from './types.ts';

export interface UserPosterior {
  mean: Float32Array; // [dim]
  var: Float32Array; // [dim]
  biasMean: number;
  biasVar: number;
}

export interface Predictive {
  mean: number;
  /** Variance of the mean rating (posterior uncertainty only). */
  modelVar: number;
  /** modelVar + noise: the variance of a new rating. */
  var: number;
}

/**
 * Mean and variance of the dot product theta . beta of two independent mean-field Gaussian vectors,
 * theta_k ~ N(am_k, av_k) and beta_k ~ N(bm_k, bv_k), starting at offsets ao and bo:
 *   E = sum_k am bm,  Var = sum_k (am^2 bv + av bm^2 + av bv)   (exact for independent factors).
 * The one place this formula lives: training's expected error, held-out checks and predictions all
 * call it (the native kernel mirrors it in C++, checked by the parity test). Writes [E, Var] to out.
 */
export function dotMoments(
  am: Float32Array,
  av: Float32Array,
  ao: number,
  bm: Float32Array,
  bv: Float32Array,
  bo: number,
  dim: number,
  out: Float64Array,
): void {
  let dot = 0;
  let v = 0;
  for (let k = 0; k < dim; k++) {
    const a = am[ao + k]!;
    const b = bm[bo + k]!;
    const va = av[ao + k]!;
    const vb = bv[bo + k]!;
    dot += a * b;
    v += a * a * vb + va * b * b + va * vb;
  }
  out[0] = dot;
  out[1] = v;
}

const scratch = new Float64Array(2);

export function predictItem(p: ModelParams, user: UserPosterior, item: number): Predictive {
  dotMoments(user.mean, user.var, 0, p.itemFactorMean, p.itemFactorVar, item * p.dim, p.dim, scratch);
  const mean = p.mu + user.biasMean + p.itemBiasMean[item]! + scratch[0]!;
  const modelVar = user.biasVar + p.itemBiasVar[item]! + scratch[1]!;
  return { mean, modelVar, var: modelVar + p.noiseVar };
}

/** A user we know nothing about: the prior (factor variances priorVar, bias variance 0 mean). */
export function priorUser(p: ModelParams, biasVar = 0.3): UserPosterior {
  return { mean: new Float32Array(p.dim), var: Float32Array.from(p.priorVar), biasMean: 0, biasVar };
}

/** Standard normal quantile for the central intervals we report (two-sided level -> z). */
export function zForCentral(level: number): number {
  return normQuantile(0.5 + level / 2);
}
