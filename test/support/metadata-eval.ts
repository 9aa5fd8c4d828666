// Figures for the metadata model's measurements (issue 21): per-user ranking metrics among a
// candidate pool, a baseline score put on a user's scale by their own ratings (least squares), and
// item posteriors swapped into a model for the titles it is to know only through metadata.
import type { ModelParams } from '../../main/model/types.ts';
import type { ItemPosterior } from '../../main/model/metadata/types.ts';
import type { ThetaPosterior } from '../../main/profile/theta/types.ts';

/** NDCG@k with binary relevance, and recall@k, of `ranked` (best first) against `liked`. */
export function rankingMetrics(
  ranked: readonly number[],
  liked: ReadonlySet<number>,
  k: number,
  kRecall: number,
) {
  let dcg = 0;
  let ideal = 0;
  for (let i = 0; i < k; i++) {
    if (i < ranked.length && liked.has(ranked[i]!)) dcg += 1 / Math.log2(i + 2);
    if (i < liked.size) ideal += 1 / Math.log2(i + 2);
  }
  let hits = 0;
  for (let i = 0; i < Math.min(kRecall, ranked.length); i++) if (liked.has(ranked[i]!)) hits++;
  return { ndcg: ideal > 0 ? dcg / ideal : 0, recall: liked.size > 0 ? hits / liked.size : 0, hits };
}

/** Items sorted by score, best first (ties by index, so the order is deterministic). */
export function rankBy(items: readonly number[], score: (i: number) => number): number[] {
  const s = new Map(items.map((i) => [i, score(i)]));
  return [...items].sort((a, b) => s.get(b)! - s.get(a)! || a - b);
}

/** a + b s fitted by least squares on (s, y) pairs; b = 0 when s does not vary. */
export function linearMap(pairs: readonly [number, number][]): (s: number) => number {
  const n = pairs.length;
  const ms = pairs.reduce((a, p) => a + p[0], 0) / n;
  const my = pairs.reduce((a, p) => a + p[1], 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [s, y] of pairs) {
    sxy += (s - ms) * (y - my);
    sxx += (s - ms) ** 2;
  }
  const b = sxx > 1e-9 ? sxy / sxx : 0;
  return (s) => my + b * (s - ms);
}

/** A copy of params whose items `items` carry the given posteriors instead of their trained ones. */
export function withPosteriors(
  params: ModelParams,
  items: readonly number[],
  posteriors: readonly ItemPosterior[],
): ModelParams {
  const p = {
    ...params,
    itemBiasMean: params.itemBiasMean.slice(),
    itemBiasVar: params.itemBiasVar.slice(),
    itemFactorMean: params.itemFactorMean.slice(),
    itemFactorVar: params.itemFactorVar.slice(),
  };
  items.forEach((i, e) => {
    const q = posteriors[e]!;
    p.itemBiasMean[i] = q.bias;
    p.itemBiasVar[i] = q.biasVariance;
    p.itemFactorMean.set(q.mean, i * p.dim);
    p.itemFactorVar.set(q.variance, i * p.dim);
  });
  return p;
}

/** The posterior-mean prediction on the user's scale (what a ranking by mean uses). */
export function meanUserScale(params: ModelParams, post: ThetaPosterior, i: number): number {
  let m = params.mu + params.itemBiasMean[i]! + post.mean[0]!;
  for (let k = 0; k < params.dim; k++) m += post.mean[k + 1]! * params.itemFactorMean[i * params.dim + k]!;
  return post.slope * m;
}

/** Spearman's rank correlation (average ranks for ties). */
export function spearman(xs: readonly number[], ys: readonly number[]): number {
  const ranks = (v: readonly number[]) => {
    const order = v.map((x, i) => [x, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(v.length);
    for (let i = 0; i < order.length;) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2;
      i = j + 1;
    }
    return r;
  };
  const a = ranks(xs);
  const b = ranks(ys);
  const n = xs.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}
