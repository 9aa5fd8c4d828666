// Predictions from a theta posterior: the predictive distribution of the user's rating of an item
// (the user's uncertainty, the item's and the rating noise), and posterior samples for Thompson
// sampling (w = mean + L eps, L the covariance's Cholesky factor).
import type { ModelParams } from '../../model/types.ts';
import { choleskyJittered } from './linalg.ts';
import type { ThetaPosterior } from './types.ts';

export interface Prediction {
  /** Model scale (0.5..5 stars). */
  mean: number;
  /** Predictive variance on the model scale: noise + item + user uncertainty. */
  variance: number;
}

export function predictModelScale(params: ModelParams, post: ThetaPosterior, item: number): Prediction {
  const k = params.dim;
  const d = k + 1;
  const m = post.mean;
  const s = post.cov;
  let mean = params.mu + params.itemBiasMean[item]! + m[0]!;
  let variance = params.noiseVar + params.itemBiasVar[item]!;
  // x = [1, beta_i]; Var(x.w) = x' S x, plus E[theta_k^2] Var(beta_ik) from the item's uncertainty.
  const x = new Float64Array(d);
  x[0] = 1;
  for (let j = 0; j < k; j++) {
    const beta = params.itemFactorMean[item * k + j]!;
    x[j + 1] = beta;
    mean += m[j + 1]! * beta;
    variance += (m[j + 1]! * m[j + 1]! + s[(j + 1) * d + j + 1]!) * params.itemFactorVar[item * k + j]!;
  }
  for (let i = 0; i < d; i++) {
    let row = 0;
    for (let j = 0; j < d; j++) row += s[i * d + j]! * x[j]!;
    variance += x[i]! * row;
  }
  return { mean, variance };
}

/** The same on the user's 1-10 scale. */
export function predictUserScale(params: ModelParams, post: ThetaPosterior, item: number): Prediction {
  const p = predictModelScale(params, post, item);
  return { mean: post.slope * p.mean, variance: post.slope * post.slope * p.variance };
}

/** A sampler of w = [bias, theta] from the posterior. */
export function posteriorSampler(post: ThetaPosterior, normal: () => number): () => Float64Array {
  const d = post.dim + 1;
  const l = choleskyJittered(post.cov, d);
  return () => {
    const eps = new Float64Array(d);
    for (let i = 0; i < d; i++) eps[i] = normal();
    const w = Float64Array.from(post.mean);
    for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) w[i]! += l[i * d + j]! * eps[j]!;
    return w;
  };
}
