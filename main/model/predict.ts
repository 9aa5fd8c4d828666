// The predictive distribution of a rating under a trained model. For a known user with posterior
// q(theta_u) = N(m_u, diag v_u) (and bias b_u ~ N(bm, bv)), the rating is approximately
//   N(mu + b_u + b_i + m_u.m_i,  sigma^2 + v_bu + v_bi + sum_k (m_uk^2 v_ik + v_uk m_ik^2 + v_uk v_ik))
// (exact mean and variance of the product of independent Gaussians; treated as Gaussian).
import { normQuantile } from '../stats/normal.ts';
import type { ModelParams } from './types.ts';

export interface UserPosterior {
  mean: Float32Array | Float64Array; // [dim]
  var: Float32Array | Float64Array; // [dim]
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

export function predictItem(p: ModelParams, user: UserPosterior, item: number): Predictive {
  const d = p.dim;
  let mean = p.mu + user.biasMean + p.itemBiasMean[item]!;
  let modelVar = user.biasVar + p.itemBiasVar[item]!;
  for (let k = 0, o = item * d; k < d; k++, o++) {
    const a = user.mean[k]!;
    const va = user.var[k]!;
    const b = p.itemFactorMean[o]!;
    const vb = p.itemFactorVar[o]!;
    mean += a * b;
    modelVar += a * a * vb + va * b * b + va * vb;
  }
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
