// One Thompson draw of every candidate's score, on the user's 1-10 scale. The user side is drawn
// once (w = [bias, theta] from the Laplace posterior, its deviation scaled by `explore`), so draws
// are correlated across items as they should be; given w, an item's rating is Gaussian with
// variance Var(b_i) + sum_k w_k^2 Var(beta_ik) (the item posterior) + sigma^2 (the rating noise:
// as in the original, the draw is of the rating you would give, which is what makes a new draw
// visibly different next to the implicit part), drawn per item with its deviation scaled by
// `explore` and damped for items with few ratings. Then a soft penalty for straying beyond a
// tolerance from the IMDb consensus, and the implicit model's affinity. explore = 0 is exactly the
// posterior-mean ranking.
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
  /** Items' MovieLens training ratings (for the shrinkage). */
  votes: Int32Array;
  /** The IMDb consensus on the user's scale: IMDb's rating (NaN: none) + the user's mean offset from it. */
  consensus: { imdb: Float32Array; offset: number } | null;
  /** The implicit model's affinity per item (0 outside it), or null. */
  implicit: Float32Array | null;
  tuning: Omit<RecommendTuning, 'explore'>;
  explore: number;
  seed: number;
  /** false: draw the expected rating only (no rating noise); kept to measure the difference. */
  predictive?: boolean;
}

/** Fills `out` with the scores of the masked items (others: -Infinity). */
export function drawScores(s: ScoreInputs, out: Float64Array): void {
  const p = s.params;
  const k = p.dim;
  const n = p.itemIds.length;
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
  // One normal per item, masked or not: a filter then keeps the other items' draws unchanged, so a
  // filtered list is the unfiltered one with titles removed.
  const start = e > 0 ? Math.floor(rand() * NORMALS.length) : 0;
  const tableMask = NORMALS.length - 1;
  for (let i = 0; i < n; i++) {
    if (!mask[i]) {
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
    if (imdb) {
      const c = imdb[i]! + offset;
      if (c === c) {
        const d = Math.abs(draw - c) - tol;
        if (d > 0) score -= strength * d;
      }
    }
    if (implicit) score += gamma * implicit[i]!;
    out[i] = score;
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
