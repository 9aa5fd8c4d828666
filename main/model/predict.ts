// The predictive distribution of a rating under a trained model. For a known user with posterior
// q(theta_u) = N(m_u, diag v_u) (and bias b_u ~ N(bm, bv)), the rating is approximately
//   N(mu + b_u + b_i + m_u.m_i,  sigma^2 + v_bu + v_bi + sum_k (m_uk^2 v_ik + v_uk m_ik^2 + v_uk v_ik))
// (exact mean and variance of the product of independent Gaussians; treated as Gaussian).
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
  return normalQuantile(0.5 + level / 2);
}

/** Acklam's rational approximation of the inverse normal CDF (|error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0 || p >= 1) throw new RangeError(`quantile of ${p}`);
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
    -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  const poly = (co: number[], x: number) => co.reduce((acc, v) => acc * x + v, 0);
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(c, q) / (poly(d, q) * q + 1);
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(a, r) * q) / (poly(b, r) * r + 1);
}
