// Synthetic ModelParams and users drawn from the model itself, for testing theta fits against a
// known truth (and for the theta benchmark). Seeded, so failures reproduce.
import type { ModelParams } from '../../main/model/types.ts';

export function rng(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    uniform,
    normal: () => Math.sqrt(-2 * Math.log(uniform() + 1e-300)) * Math.cos(2 * Math.PI * uniform()),
  };
}

export function syntheticModel(items: number, dim: number, seed = 1, factorVar = 0.01): ModelParams {
  const r = rng(seed);
  const priorVar = Float32Array.from({ length: dim }, (_, k) => 0.3 / (1 + k * 0.25));
  const itemFactorMean = new Float32Array(items * dim);
  for (let i = 0; i < items; i++)
    for (let k = 0; k < dim; k++) itemFactorMean[i * dim + k] = r.normal() * 0.6;
  return {
    dim,
    mu: 3.5,
    noiseVar: 0.6,
    priorVar,
    itemIds: Int32Array.from({ length: items }, (_, i) => i + 1),
    itemBiasMean: Float32Array.from({ length: items }, () => r.normal() * 0.4),
    itemBiasVar: new Float32Array(items).fill(0.005),
    itemFactorMean,
    itemFactorVar: new Float32Array(items * dim).fill(factorVar),
    itemCounts: new Int32Array(items).fill(100),
  };
}

export interface SyntheticUser {
  bias: number;
  theta: Float64Array;
}

export function syntheticUser(p: ModelParams, seed = 2): SyntheticUser {
  const r = rng(seed);
  return { bias: r.normal() * 0.3, theta: Float64Array.from(p.priorVar, (v) => r.normal() * Math.sqrt(v)) };
}

/** The user's expected rating of item i on the model scale (no noise). */
export function expected(p: ModelParams, u: SyntheticUser, i: number): number {
  let s = p.mu + p.itemBiasMean[i]! + u.bias;
  for (let k = 0; k < p.dim; k++) s += u.theta[k]! * p.itemFactorMean[i * p.dim + k]!;
  return s;
}

/** Noisy ratings of distinct random items on a 1-10 scale: round(slope * model rating + offset). */
export function syntheticRatings(
  p: ModelParams,
  u: SyntheticUser,
  n: number,
  seed = 3,
  slope = 2,
  offset = 0,
  clamp = true,
) {
  const r = rng(seed);
  const items = new Set<number>();
  const itemCount = p.itemIds.length;
  while (items.size < n) items.add(Math.floor(r.uniform() * itemCount));
  return [...items].map((item) => {
    const y = Math.round(slope * (expected(p, u, item) + r.normal() * Math.sqrt(p.noiseVar)) + offset);
    return { item, rating: clamp ? Math.min(10, Math.max(1, y)) : y };
  });
}

/** Comparisons answered by the user's noisy preference (Thurstone: each side with rating noise). */
export function syntheticComparisons(p: ModelParams, u: SyntheticUser, n: number, seed = 4) {
  const r = rng(seed);
  const itemCount = p.itemIds.length;
  return Array.from({ length: n }, () => {
    const a = Math.floor(r.uniform() * itemCount);
    let b = Math.floor(r.uniform() * itemCount);
    if (b === a) b = (a + 1) % itemCount;
    const sa = expected(p, u, a) + r.normal() * Math.sqrt(p.noiseVar);
    const sb = expected(p, u, b) + r.normal() * Math.sqrt(p.noiseVar);
    return sa >= sb ? { winner: a, loser: b } : { winner: b, loser: a };
  });
}
