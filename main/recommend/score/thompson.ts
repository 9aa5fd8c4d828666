// One Thompson draw of every candidate's score, on the user's 1-10 scale. The user side is drawn
// once (w = [bias, theta] from the Laplace posterior, its deviation scaled by `explore`), so draws
// are correlated across items as they should be; given w, an item's rating is Gaussian with
// variance Var(b_i) + sum_k w_k^2 Var(beta_ik) (the item posterior) + sigma^2 (the rating noise:
// as in the original, the draw is of the rating you would give, which is what makes a new draw
// visibly different next to the implicit part), drawn per item with its deviation scaled by
// `explore` and damped for items with few ratings. Then a soft penalty for straying beyond a
// tolerance from the IMDb consensus, and the implicit model's affinity. explore = 0 is exactly the
// posterior-mean ranking. Titles without training ratings (placed by metadata) are scored apart,
// after the trained ones, with a bound that skips most of them (ColdIndex).
// eslint-disable-next-line no-restricted-imports -- recommend/ is another helper's (p21's) this round: the face for this import lands after the merge
import { createRng } from '../../model/rng.ts';
import type { ModelParams } from '../../model/types.ts';
// eslint-disable-next-line no-restricted-imports -- recommend/ is another helper's (p21's) this round: the face for this import lands after the merge
import { posteriorSampler } from '../../profile/theta/predict.ts';
import type { ThetaPosterior } from '../../profile/types.ts';
import type { RecommendTuning } from '../types.ts';

export interface ScoreInputs {
  params: ModelParams;
  posterior: ThetaPosterior;
  mask: Uint8Array;
  /** Items' MovieLens training ratings (for the shrinkage; 0: a title placed by its metadata alone). */
  votes: Int32Array;
  /** The IMDb consensus on the user's scale: IMDb's rating (NaN: none) + the user's mean offset from it. */
  consensus: { imdb: Float32Array; offset: number } | null;
  /** The implicit model's affinity per item (0 outside it; may be shorter than the items), or null. */
  implicit: Float32Array | null;
  tuning: Omit<RecommendTuning, 'explore'>;
  explore: number;
  seed: number;
  /** false: draw the expected rating only (no rating noise); kept to measure the difference. */
  predictive?: boolean;
  /**
   * IMDb's votes per item (-1: none): a title without training ratings gains coldPopularity per
   * tenfold (absent: no such term; `cold`, when given, must have been built with the same votes).
   */
  imdbVotes?: Int32Array;
  /** The titles without training ratings, built once per catalogue (coldIndex); built here if absent. */
  cold?: ColdIndex;
  /**
   * Only the best `keep` scores are wanted (the list's length): a title without training ratings
   * whose bound cannot reach them is skipped, its score left at -Infinity. Absent: every score.
   */
  keep?: number;
}

/**
 * The items without training ratings (votes 0: the catalogue's metadata-placed titles, appended
 * after the trained items) and what bounds their score without the K-term dot product: |beta_i|
 * (Cauchy-Schwarz: theta . beta_i <= |theta| |beta_i|) and the bias's own deviation (the score
 * takes off at least coldDeviations x it). `items` run by bias, highest first, with the largest
 * |beta| and smallest deviation from each position on, so one bound covers all the rest.
 */
export interface ColdIndex {
  items: Int32Array;
  norm: Float32Array;
  biasSd: Float32Array;
  /** log10(IMDb votes / 1000) per cold item (0 without votes given). */
  audience: Float32Array;
  /** From position c on: the largest norm, the smallest bias deviation, the largest audience. */
  restNorm: Float32Array;
  restSd: Float32Array;
  restAudience: Float32Array;
  /** Every item from warmEnd on is cold (the catalogue's layout). */
  warmEnd: number;
  /** The cold items are exactly [warmEnd, n). */
  tail: boolean;
}

export function coldIndex(
  params: Pick<ModelParams, 'dim' | 'itemFactorMean' | 'itemBiasVar' | 'itemBiasMean'>,
  votes: Int32Array,
  imdbVotes?: Int32Array,
): ColdIndex {
  const k = params.dim;
  const list: number[] = [];
  let warmEnd = 0;
  for (let i = 0; i < votes.length; i++) {
    if (votes[i] === 0) list.push(i);
    else warmEnd = i + 1;
  }
  const bm = params.itemBiasMean;
  const items = Int32Array.from(list).sort();
  items.sort((a, b) => bm[b]! - bm[a]! || a - b);
  const n = items.length;
  const norm = new Float32Array(n);
  const biasSd = new Float32Array(n);
  const audience = new Float32Array(n);
  items.forEach((i, c) => {
    audience[c] = imdbVotes ? audienceOf(imdbVotes[i]!) : 0;
    let s = 0;
    for (let j = 0; j < k; j++) s += params.itemFactorMean[i * k + j]! ** 2;
    // Rounded outwards, so the float32 copies still bound the float64 arithmetic.
    norm[c] = Math.sqrt(s) * (1 + 1e-6);
    biasSd[c] = Math.sqrt(params.itemBiasVar[i]!) * (1 - 1e-6);
  });
  const restNorm = new Float32Array(n);
  const restSd = new Float32Array(n);
  const restAudience = new Float32Array(n);
  for (let c = n - 1; c >= 0; c--) {
    restNorm[c] = Math.max(norm[c]!, c + 1 < n ? restNorm[c + 1]! : 0);
    restSd[c] = Math.min(biasSd[c]!, c + 1 < n ? restSd[c + 1]! : Infinity);
    restAudience[c] = Math.max(audience[c]!, c + 1 < n ? restAudience[c + 1]! : -Infinity);
  }
  return {
    items,
    norm,
    biasSd,
    audience,
    restNorm,
    restSd,
    restAudience,
    warmEnd,
    tail: n === votes.length - warmEnd,
  };
}

/** A title's audience on IMDb: log10(votes / 1000), 0 at 1,000 votes (and without votes: -3). */
export const audienceOf = (votes: number): number => Math.log10(Math.max(1, votes) / 1000);

/** Fills `out` with the scores of the masked items (others, and cold items skipped by `keep`: -Infinity). */
export function drawScores(s: ScoreInputs, out: Float64Array): void {
  const p = s.params;
  const k = p.dim;
  const e = Math.min(1, Math.max(0, s.explore));
  const post = s.posterior;
  const rand = createRng(s.seed);
  const normal = pairedNormal(rand);
  // The user-side draw: w = m + e * (sample - m).
  const w = Float64Array.from(post.mean);
  if (e > 0) {
    const draw = posteriorSampler(post, normal)();
    for (let j = 0; j < w.length; j++) w[j] = post.mean[j]! + e * (draw[j]! - post.mean[j]!);
  }
  const slope = post.slope;
  const base = p.mu + w[0]!;
  const n0 = Math.max(0, s.tuning.shrinkVotes);
  const strength = s.tuning.consensusStrength;
  const tol = s.tuning.consensusTolerance;
  const gamma = s.tuning.implicitWeight;
  const caution = Math.max(0, s.tuning.coldDeviations ?? 0);
  const popularity = Math.max(0, s.tuning.coldPopularity ?? 0);
  // Everything the loop touches, hoisted into locals (the loop runs ~60-90k times per refresh).
  const { mask, implicit, votes } = s;
  const imdb = s.consensus && strength > 0 ? s.consensus.imdb : null;
  const offset = s.consensus?.offset ?? 0;
  const fm = p.itemFactorMean;
  const fv = p.itemFactorVar;
  const bm = p.itemBiasMean;
  const bv = p.itemBiasVar;
  const noise = s.predictive === false ? 0 : p.noiseVar;
  const th = w.subarray(1);
  const th2 = th.map((x) => x * x);
  const cold = s.cold ?? coldIndex(p, votes, s.imdbVotes);
  const consensusPenalty = (i: number, draw: number) => {
    const c = imdb![i]! + offset;
    if (c !== c) return 0;
    const d = Math.abs(draw - c) - tol;
    return d > 0 ? strength * d : 0;
  };
  // One normal per item, masked or not: a filter then keeps the other items' draws unchanged, so a
  // filtered list is the unfiltered one with titles removed.
  const start = e > 0 ? Math.floor(rand() * NORMALS.length) : 0;
  const tableMask = NORMALS.length - 1;
  // The trained items (cold ones among them are scored below, with the rest).
  for (let i = 0; i < cold.warmEnd; i++) {
    if (!mask[i] || votes[i] === 0) {
      out[i] = -Infinity;
      continue;
    }
    let mean = base + bm[i]!;
    const o = i * k;
    let draw: number;
    if (e > 0) {
      let v = bv[i]! + noise;
      for (let j = 0; j < k; j++) {
        mean += th[j]! * fm[o + j]!;
        v += th2[j]! * fv[o + j]!;
      }
      const nv = votes[i]!;
      const shrink = n0 > 0 ? nv / (nv + n0) : 1;
      draw = slope * (mean + e * shrink * Math.sqrt(v) * NORMALS[(start + i) & tableMask]!);
    } else {
      for (let j = 0; j < k; j++) mean += th[j]! * fm[o + j]!;
      draw = slope * mean;
    }
    let score = draw;
    if (imdb) score -= consensusPenalty(i, draw);
    if (implicit) score += gamma * implicit[i]!;
    out[i] = score;
  }
  // The titles without training ratings: ranked at their mean minus `coldDeviations` deviations of
  // the expected rating (a metadata placement is uncertain, and its mean alone floods a list with
  // such titles), plus `coldPopularity` per tenfold IMDb votes (the audience the implicit model
  // gives a trained film and a cold one lacks): both measured on the time split's mixed lists
  // (README). With shrinkVotes > 0 their draw has no exploration noise (n / (n + n0) = 0), so each
  // has a bound without its dot product: slope x (base + b_i + |theta| |beta_i| - caution sd(b_i))
  // + its audience and implicit terms (the consensus penalty only lowers a score). Under the `keep`
  // best scores so far a title is skipped, and past the point where the bound of all the rest is
  // under them the loop stops (most of the catalogue is never visited).
  const noisy = e > 0 && n0 === 0;
  let tnorm = 0;
  for (let j = 0; j < k; j++) tnorm += th2[j]!;
  tnorm = Math.sqrt(tnorm);
  const best = s.keep !== undefined && !noisy && slope > 0 ? new TopValues(s.keep) : null;
  if (best) for (let i = 0; i < cold.warmEnd; i++) if (out[i] !== -Infinity) best.add(out[i]!);
  const implicitLength = implicit?.length ?? 0;
  const { items, norm, biasSd, audience, restNorm, restSd, restAudience } = cold;
  // The implicit model covers trained items: a cold item inside its span is bounded by the largest.
  let restAffinity = 0;
  if (implicit && gamma > 0 && !(cold.tail && implicitLength <= cold.warmEnd))
    for (const i of items)
      if (i < implicitLength) restAffinity = Math.max(restAffinity, gamma * implicit[i]!);
  if (cold.tail) out.fill(-Infinity, cold.warmEnd);
  else for (const i of items) out[i] = -Infinity;
  // Locals only in this loop: it runs once per catalogue title left after the bound (400k+ at most).
  let tau = best ? best.floor() : -Infinity;
  const lead = slope * base + 1e-6; // the margin covers the float64 rounding of the exact score
  for (let c = 0; c < items.length; c++) {
    const i = items[c]!;
    // No title from here on can reach the list (they run by bias, highest first).
    const rest =
      lead +
      slope * (bm[i]! + tnorm * restNorm[c]! - caution * restSd[c]!) +
      popularity * restAudience[c]! +
      restAffinity;
    if (rest <= tau) break;
    if (!mask[i]) continue;
    const lift = (i < implicitLength ? gamma * implicit![i]! : 0) + popularity * audience[c]!;
    if (lead + slope * (bm[i]! + tnorm * norm[c]! - caution * biasSd[c]!) + lift <= tau) continue;
    let mean = bm[i]!;
    let v = bv[i]!;
    const o = i * k;
    for (let j = 0; j < k; j++) {
      mean += th[j]! * fm[o + j]!;
      v += th2[j]! * fv[o + j]!;
    }
    let draw = slope * (base + mean - caution * Math.sqrt(v));
    if (noisy) draw += slope * e * Math.sqrt(v + noise) * NORMALS[(start + i) & tableMask]!;
    let score = draw;
    if (imdb) score -= consensusPenalty(i, draw);
    score += lift;
    out[i] = score;
    if (best) {
      best.add(score);
      tau = best.floor();
    }
  }
}

/** The k largest values seen (a min-heap): floor() is the k-th best, -Infinity until k are seen. */
class TopValues {
  private readonly heap: Float64Array;
  private size = 0;
  constructor(k: number) {
    this.heap = new Float64Array(Math.max(1, k));
  }
  floor(): number {
    return this.size < this.heap.length ? -Infinity : this.heap[0]!;
  }
  add(v: number): void {
    const h = this.heap;
    if (this.size < h.length) {
      let c = this.size++;
      h[c] = v;
      while (c > 0) {
        const parent = (c - 1) >> 1;
        if (h[parent]! <= h[c]!) break;
        [h[c], h[parent]] = [h[parent]!, h[c]!];
        c = parent;
      }
      return;
    }
    if (v <= h[0]!) return;
    h[0] = v;
    for (let c = 0; ;) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      if (l < h.length && h[l]! < h[m]!) m = l;
      if (r < h.length && h[r]! < h[m]!) m = r;
      if (m === c) break;
      [h[c], h[m]] = [h[m]!, h[c]!];
      c = m;
    }
  }
}

/**
 * Standard normals drawn once (Box-Muller, fixed seed): a refresh reads item i's normal at
 * (start + i) mod 2^18 from a seeded start, so the items of one refresh get distinct independent
 * draws and another seed another stretch of the table. Generating 60-90k fresh normals per refresh
 * (a log, a square root, a sine and a cosine per pair), or reading the table in a scattered order,
 * cost more than all the scoring arithmetic; a sequential read costs almost nothing.
 */
const NORMALS = (() => {
  const t = new Float32Array(1 << 18);
  const normal = pairedNormal(createRng(0x5eed));
  for (let i = 0; i < t.length; i++) t[i] = normal();
  return t;
})();

/** Box-Muller giving both values of each pair (half the logs and square roots of one-at-a-time). */
export function pairedNormal(rand: () => number): () => number {
  let spare = Number.NaN;
  return () => {
    if (spare === spare) {
      const v = spare;
      spare = Number.NaN;
      return v;
    }
    const r = Math.sqrt(-2 * Math.log(Math.max(rand(), 1e-12)));
    const t = 2 * Math.PI * rand();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/** The k best items by score (-Infinity: not a candidate), best first; ties go to the lower index. */
export function topK(scores: Float64Array, k: number): number[] {
  // A min-heap of the best so far: O(n log k).
  const heap: number[] = [];
  const less = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i]!;
    if (v === -Infinity) continue;
    if (heap.length < k) {
      heap.push(i);
      for (let c = heap.length - 1; c > 0;) {
        const parent = (c - 1) >> 1;
        if (!less(heap[c]!, heap[parent]!)) break;
        [heap[c], heap[parent]] = [heap[parent]!, heap[c]!];
        c = parent;
      }
    } else if (less(heap[0]!, i)) {
      heap[0] = i;
      for (let c = 0; ;) {
        const l = 2 * c + 1;
        const r = l + 1;
        let m = c;
        if (l < heap.length && less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && less(heap[r]!, heap[m]!)) m = r;
        if (m === c) break;
        [heap[c], heap[m]] = [heap[m]!, heap[c]!];
        c = m;
      }
    }
  }
  return heap.sort((a, b) => (less(a, b) ? 1 : -1));
}
