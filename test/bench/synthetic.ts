// Deterministic synthetic ratings shaped like MovieLens 25M (162,541 users, 59,047 rated movies,
// 25,000,095 ratings): Zipf-like movie popularity, heavy-tailed user activity with at least 20
// ratings each, and a low-rank taste structure quantised to ML-25M's half-star distribution, so a
// factor model has real signal to fit. Shared by the ingest and training benchmarks.
import type { RatingsMatrix } from '../../main/datasets/types.ts';

export const ML25M_SHAPE = { users: 162_541, items: 59_047, ratings: 25_000_095 } as const;

export interface SyntheticOptions {
  users: number;
  items: number;
  ratings: number;
  seed?: number;
  /** Fewest ratings per user (ML-25M: 20). */
  minPerUser?: number;
}

/** splitmix32-style PRNG: fast, seedable, good enough for synthetic data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/** Per-user rating counts: lognormal activity, floored at minPerUser, summing exactly to total. */
function userCounts(
  users: number,
  total: number,
  min: number,
  items: number,
  rand: () => number,
): Uint32Array {
  const raw = new Float64Array(users);
  let sum = 0;
  for (let u = 0; u < users; u++) {
    raw[u] = Math.exp(1.1 * gaussian(rand));
    sum += raw[u]!;
  }
  const spare = total - users * min;
  const cap = Math.min(items / 4, 12_000) - min;
  const counts = new Uint32Array(users);
  let assigned = 0;
  for (let u = 0; u < users; u++) {
    const extra = Math.min(cap, Math.floor((raw[u]! / sum) * spare));
    counts[u] = min + extra;
    assigned += counts[u]!;
  }
  // Hand out the rounding remainder one by one to users below the cap.
  for (let u = 0; assigned < total; u = (u + 1) % users) {
    if (counts[u]! < min + cap) {
      counts[u]!++;
      assigned++;
    }
  }
  return counts;
}

// ML-25M's share of each half star 0.5..5.0 (from its published rating histogram, rounded).
const STAR_SHARES = [0.016, 0.03, 0.016, 0.066, 0.05, 0.195, 0.125, 0.266, 0.085, 0.145];

export function syntheticRatings(options: SyntheticOptions = ML25M_SHAPE): RatingsMatrix {
  const { users, items, ratings } = options;
  const min = options.minPerUser ?? 20;
  const rand = rng(options.seed ?? 1);
  const DIM = 6;

  // Popularity: Zipf-like weights over a random permutation of movie ids, sampled by a CDF table.
  const cdf = new Float64Array(items);
  let acc = 0;
  for (let i = 0; i < items; i++) {
    acc += 1 / Math.pow(i + 10, 0.9);
    cdf[i] = acc;
  }
  for (let i = 0; i < items; i++) cdf[i]! /= acc;
  const rankToItem = new Int32Array(items);
  for (let i = 0; i < items; i++) rankToItem[i] = i;
  for (let i = items - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [rankToItem[i], rankToItem[j]] = [rankToItem[j]!, rankToItem[i]!];
  }
  const sampleItem = (): number => {
    const x = rand();
    let lo = 0;
    let hi = items - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return rankToItem[lo]!;
  };

  // Latent taste: item and user biases and factors.
  const itemBias = new Float32Array(items).map(() => 0.45 * gaussian(rand));
  const itemF = new Float32Array(items * DIM).map(() => 0.35 * gaussian(rand));
  const counts = userCounts(users, ratings, min, items, rand);

  const userOffsets = new Uint32Array(users + 1);
  for (let u = 0; u < users; u++) userOffsets[u + 1] = userOffsets[u]! + counts[u]!;
  const itemIndex = new Int32Array(ratings);
  const scores = new Float32Array(ratings);
  const timestamps = new Int32Array(ratings);
  const seen = new Int32Array(items).fill(-1);
  const userF = new Float32Array(DIM);

  for (let u = 0; u < users; u++) {
    const ub = 0.35 * gaussian(rand);
    for (let k = 0; k < DIM; k++) userF[k] = 0.35 * gaussian(rand);
    const start = userOffsets[u]!;
    const end = userOffsets[u + 1]!;
    let t = 820_000_000 + Math.floor(rand() * 750_000_000);
    for (let p = start; p < end; p++) {
      let i = sampleItem();
      // Sampling without replacement: redraw on repeats, then walk to the next free item.
      for (let tries = 0; seen[i] === u && tries < 8; tries++) i = sampleItem();
      while (seen[i] === u) i = (i + 1) % items;
      seen[i] = u;
      let dot = 0;
      for (let k = 0; k < DIM; k++) dot += userF[k]! * itemF[i * DIM + k]!;
      scores[p] = itemBias[i]! + ub + dot + 0.75 * gaussian(rand);
      itemIndex[p] = i;
      t += Math.floor(rand() * 4000);
      timestamps[p] = t;
    }
    // Items ascending within a user, as in MovieLens files.
    sortSegment(itemIndex, scores, timestamps, start, end);
  }

  // Quantise latent scores to half stars by matching ML-25M's histogram (quantiles of a sample).
  const sample = Float32Array.from({ length: 200_000 }, () => scores[Math.floor(rand() * ratings)]!).sort();
  const cuts: number[] = [];
  let share = 0;
  for (let s = 0; s < STAR_SHARES.length - 1; s++) {
    share += STAR_SHARES[s]!;
    cuts.push(sample[Math.floor(share * (sample.length - 1))]!);
  }
  const stars = new Float32Array(ratings);
  for (let p = 0; p < ratings; p++) {
    const x = scores[p]!;
    let s = 0;
    while (s < cuts.length && x > cuts[s]!) s++;
    stars[p] = (s + 1) / 2;
  }

  const userIds = new Int32Array(users).map((_, u) => u + 1);
  // MovieLens movieIds are sparse and ascending; space them like ML-25M's (1..209171).
  const itemIds = new Int32Array(items).map((_, i) => 1 + Math.floor((i * 209_170) / Math.max(1, items - 1)));
  return { userIds, itemIds, userOffsets, itemIndex, ratings: stars, timestamps };
}

function sortSegment(idx: Int32Array, val: Float32Array, ts: Int32Array, start: number, end: number): void {
  const n = end - start;
  const order = Array.from({ length: n }, (_, k) => start + k).sort((a, b) => idx[a]! - idx[b]!);
  const i2 = order.map((p) => idx[p]!);
  const v2 = order.map((p) => val[p]!);
  const t2 = order.map((p) => ts[p]!);
  for (let k = 0; k < n; k++) {
    idx[start + k] = i2[k]!;
    val[start + k] = v2[k]!;
    ts[start + k] = t2[k]!;
  }
}
