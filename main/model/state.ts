// The variational posterior being trained: Gaussian means and (mean-field) variances of every
// user's and item's factors and bias, plus the per-thread statistics the closed-form variance
// update needs. Plain typed arrays, so the native kernel writes them in place. Parallel threads run
// blocks that share no user or item (data.ts), so one set of statistics serves them all.
import type { PreparedData } from './data.ts';
import { createRng, gaussian } from './rng.ts';

export interface VariationalState {
  dim: number;
  nUsers: number;
  nItems: number;
  mu: number;
  /** The training ratings' scale (0.5..5 for MovieLens, 1..5 for ML-100K): predictions are clamped to it. */
  ratingMin: number;
  ratingMax: number;
  noiseVar: number;
  priorVar: Float32Array; // [dim]
  priorPrec: Float32Array; // [dim] 1 / priorVar
  userBiasPrior: number;
  itemBiasPrior: number;
  userMean: Float32Array; // [users * dim]
  userVar: Float32Array;
  itemMean: Float32Array; // [items * dim]
  itemVar: Float32Array;
  userBias: Float32Array; // [users]
  userBiasVar: Float32Array;
  itemBias: Float32Array; // [items]
  itemBiasVar: Float32Array;
  /** sigma^2 / n: the share of the prior each rating of this user/item carries (KL spread over its ratings). */
  userReg: Float32Array;
  itemReg: Float32Array;
  /** Sum over this epoch's ratings of E[beta_ik^2] (users) or E[theta_uk^2] (items). */
  userAcc: Float32Array; // [users * dim]
  itemAcc: Float32Array; // [items * dim]
  threads: number;
}

export interface StateInit {
  dim: number;
  priorVar: Float32Array;
  userBiasPrior: number;
  itemBiasPrior: number;
  seed: number;
  threads: number;
}

export function initState(data: PreparedData, init: StateInit): VariationalState {
  const { dim, priorVar, seed, threads } = init;
  const { nUsers, nItems } = data;
  const rand = createRng(seed ^ 0x1417);
  // Small random means break the symmetry between dimensions; start variances well below the
  // prior so the first epoch's expected error is not swamped by them.
  const userMean = new Float32Array(nUsers * dim);
  const itemMean = new Float32Array(nItems * dim);
  const userVar = new Float32Array(nUsers * dim);
  const itemVar = new Float32Array(nItems * dim);
  for (let u = 0; u < nUsers; u++) {
    for (let k = 0; k < dim; k++) {
      userMean[u * dim + k] = 0.1 * Math.sqrt(priorVar[k]!) * gaussian(rand);
      userVar[u * dim + k] = 0.01 * priorVar[k]!;
    }
  }
  for (let i = 0; i < nItems; i++) {
    for (let k = 0; k < dim; k++) {
      itemMean[i * dim + k] = 0.1 * Math.sqrt(priorVar[k]!) * gaussian(rand);
      itemVar[i * dim + k] = 0.01 * priorVar[k]!;
    }
  }
  // Start sigma^2 at the ratings' variance: the bias-free, factor-free model's noise.
  const r = data.train.ratings;
  let ss = 0;
  let lo = Infinity;
  let hi = -Infinity;
  for (let p = 0; p < r.length; p++) {
    ss += (r[p]! - data.mu) ** 2;
    if (r[p]! < lo) lo = r[p]!;
    if (r[p]! > hi) hi = r[p]!;
  }
  const noiseVar = ss / r.length;
  const state: VariationalState = {
    dim,
    nUsers,
    nItems,
    mu: data.mu,
    ratingMin: lo,
    ratingMax: hi,
    noiseVar,
    priorVar: Float32Array.from(priorVar),
    priorPrec: Float32Array.from(priorVar, (v) => 1 / v),
    userBiasPrior: init.userBiasPrior,
    itemBiasPrior: init.itemBiasPrior,
    userMean,
    userVar,
    itemMean,
    itemVar,
    userBias: new Float32Array(nUsers),
    userBiasVar: new Float32Array(nUsers).fill(0.01 * init.userBiasPrior),
    itemBias: new Float32Array(nItems),
    itemBiasVar: new Float32Array(nItems).fill(0.01 * init.itemBiasPrior),
    userReg: new Float32Array(nUsers),
    itemReg: new Float32Array(nItems),
    userAcc: new Float32Array(nUsers * dim),
    itemAcc: new Float32Array(nItems * dim),
    threads,
  };
  initVariances(state, data.userCounts, data.itemCounts);
  setRegularisers(state, data.userCounts, data.itemCounts);
  return state;
}

/**
 * Starting variances from the closed-form update (epoch.ts) with each rating's E[x_k^2] taken as
 * the initial average: rarely rated users/items start near the prior, heavily rated ones tight.
 * Without this the first epoch's loss uses tiny variances and the curve jumps up at epoch 2.
 */
function initVariances(s: VariationalState, userCounts: Int32Array, itemCounts: Int32Array): void {
  const { dim } = s;
  const meanSq = (mean: Float32Array, v: Float32Array, k: number, n: number) => {
    let acc = 0;
    for (let e = 0; e < n; e++) acc += mean[e * dim + k]! ** 2 + v[e * dim + k]!;
    return n > 0 ? acc / n : 0;
  };
  const inv = 1 / s.noiseVar;
  for (let k = 0; k < dim; k++) {
    const itemSq = meanSq(s.itemMean, s.itemVar, k, s.nItems);
    const userSq = meanSq(s.userMean, s.userVar, k, s.nUsers);
    for (let u = 0; u < s.nUsers; u++)
      s.userVar[u * dim + k] = 1 / (s.priorPrec[k]! + userCounts[u]! * itemSq * inv);
    for (let i = 0; i < s.nItems; i++)
      s.itemVar[i * dim + k] = 1 / (s.priorPrec[k]! + itemCounts[i]! * userSq * inv);
  }
  for (let u = 0; u < s.nUsers; u++) s.userBiasVar[u] = 1 / (1 / s.userBiasPrior + userCounts[u]! * inv);
  for (let i = 0; i < s.nItems; i++) s.itemBiasVar[i] = 1 / (1 / s.itemBiasPrior + itemCounts[i]! * inv);
}

export function setRegularisers(s: VariationalState, userCounts: Int32Array, itemCounts: Int32Array): void {
  for (let u = 0; u < s.nUsers; u++) s.userReg[u] = userCounts[u]! > 0 ? s.noiseVar / userCounts[u]! : 0;
  for (let i = 0; i < s.nItems; i++) s.itemReg[i] = itemCounts[i]! > 0 ? s.noiseVar / itemCounts[i]! : 0;
}
