// What happens between epochs, the same for both backends: the closed-form (coordinate-ascent)
// update of every posterior variance and of the noise variance, the KL term, and held-out RMSE.
// Items with few ratings keep a variance close to the prior: that is what makes them uncertain.
import type { Examples } from './data.ts';
import type { VariationalState } from './state.ts';
import { setRegularisers } from './state.ts';
import { dotMoments } from './predict.ts';

/**
 * Mean-field optimum of q(theta_uk) given everything else: precision = 1/p_k + sum_i E[beta_ik^2] / sigma^2.
 * Likewise for items and for the biases (whose "E[x^2]" is 1 per rating).
 */
export function updateVariances(
  s: VariationalState,
  userCounts: Int32Array,
  itemCounts: Int32Array,
  ese: number,
  nTrain: number,
): void {
  const { dim } = s;
  // Optimal sigma^2 for the current posterior: the mean expected squared error. Floor keeps a
  // degenerate data set (all ratings equal) from dividing by zero.
  s.noiseVar = Math.max(ese / nTrain, 1e-4);
  const inv = 1 / s.noiseVar;
  for (let u = 0, o = 0; u < s.nUsers; u++) {
    for (let k = 0; k < dim; k++, o++) s.userVar[o] = 1 / (s.priorPrec[k]! + s.userAcc[o]! * inv);
    s.userBiasVar[u] = 1 / (1 / s.userBiasPrior + userCounts[u]! * inv);
  }
  for (let i = 0, o = 0; i < s.nItems; i++) {
    for (let k = 0; k < dim; k++, o++) s.itemVar[o] = 1 / (s.priorPrec[k]! + s.itemAcc[o]! * inv);
    s.itemBiasVar[i] = 1 / (1 / s.itemBiasPrior + itemCounts[i]! * inv);
  }
  s.userAcc.fill(0);
  s.itemAcc.fill(0);
  flushTiny(s.userMean);
  flushTiny(s.itemMean);
  setRegularisers(s, userCounts, itemCounts);
}

/**
 * Empirical Bayes for the prior's scale (its decreasing shape stays fixed): the EM update
 * c = mean over users, items and k of E[x_k^2] / shape_k. Keeps the prior variance, and so the
 * uncertainty of rarely rated items, at the spread the data actually shows.
 */
export function updatePriorScale(
  s: VariationalState,
  shape: Float32Array,
  userCounts: Int32Array,
  itemCounts: Int32Array,
): void {
  const { dim } = s;
  let sum = 0;
  let n = 0;
  const add = (mean: Float32Array, v: Float32Array, counts: Int32Array) => {
    for (let e = 0; e < counts.length; e++) {
      if (counts[e] === 0) continue;
      for (let k = 0, o = e * dim; k < dim; k++, o++) sum += (mean[o]! * mean[o]! + v[o]!) / shape[k]!;
      n += dim;
    }
  };
  add(s.userMean, s.userVar, userCounts);
  add(s.itemMean, s.itemVar, itemCounts);
  const c = sum / n;
  for (let k = 0; k < dim; k++) {
    s.priorVar[k] = c * shape[k]!;
    s.priorPrec[k] = 1 / s.priorVar[k]!;
  }
}

/**
 * Means the prior keeps shrinking (high k, rare items) head for denormal floats, which are ~100x
 * slower to compute with. Zero them between epochs, in the shared code so both backends agree.
 */
function flushTiny(a: Float32Array): void {
  for (let j = 0; j < a.length; j++) if (a[j]! < 1e-30 && a[j]! > -1e-30) a[j] = 0;
}

const klGauss = (m: number, v: number, p: number): number => 0.5 * ((m * m + v) / p - 1 - Math.log(v / p));

/**
 * KL(q || prior) over every user and item that has training ratings. Per factor row the log terms
 * are one log of the product of v/p (each in (0, 1] after updateVariances, so the product is a
 * normal double for any K this model runs): one Math.log per row instead of K.
 */
export function klDivergence(s: VariationalState, userCounts: Int32Array, itemCounts: Int32Array): number {
  const { dim } = s;
  const pinv = Float64Array.from(s.priorVar, (p) => 1 / p);
  let kl = 0;
  const rows = (mean: Float32Array, v: Float32Array, counts: Int32Array) => {
    for (let e = 0, o = 0; e < counts.length; e++, o += dim) {
      if (counts[e] === 0) continue;
      let quad = 0;
      let ratio = 1;
      let logs = 0;
      for (let k = 0; k < dim; k++) {
        const m = mean[o + k]!;
        const vk = v[o + k]!;
        quad += (m * m + vk) * pinv[k]!;
        ratio *= vk * pinv[k]!;
        // Renormalise before the product could leave the normal range (large K, tiny variances).
        if (ratio < 1e-280 || ratio > 1e280) {
          logs += Math.log(ratio);
          ratio = 1;
        }
      }
      kl += 0.5 * (quad - dim - (logs + Math.log(ratio)));
    }
  };
  rows(s.userMean, s.userVar, userCounts);
  rows(s.itemMean, s.itemVar, itemCounts);
  for (let u = 0; u < s.nUsers; u++)
    if (userCounts[u] !== 0) kl += klGauss(s.userBias[u]!, s.userBiasVar[u]!, s.userBiasPrior);
  for (let i = 0; i < s.nItems; i++)
    if (itemCounts[i] !== 0) kl += klGauss(s.itemBias[i]!, s.itemBiasVar[i]!, s.itemBiasPrior);
  return kl;
}

const scratch = new Float64Array(2);

/** Posterior mean of one rating and its variance under the posterior (excluding the noise). */
export function predictRating(
  state: VariationalState,
  u: number,
  i: number,
): { mean: number; modelVar: number } {
  const { dim } = state;
  dotMoments(state.userMean, state.userVar, u * dim, state.itemMean, state.itemVar, i * dim, dim, scratch);
  return {
    mean: state.mu + state.userBias[u]! + state.itemBias[i]! + scratch[0]!,
    modelVar: state.userBiasVar[u]! + state.itemBiasVar[i]! + scratch[1]!,
  };
}

/** RMSE of the mean prediction, clamped to the data's rating scale, on held-out examples. */
export function heldOutRmse(s: VariationalState, ex: Examples): number {
  const n = ex.ratings.length;
  if (n === 0) return NaN;
  let sse = 0;
  for (let p = 0; p < n; p++) {
    const e =
      ex.ratings[p]! - clamp(predictRating(s, ex.users[p]!, ex.items[p]!).mean, s.ratingMin, s.ratingMax);
    sse += e * e;
  }
  return Math.sqrt(sse / n);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
