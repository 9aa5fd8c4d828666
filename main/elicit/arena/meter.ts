// The arena's feedback: how uncertain your taste still is, and how the top of your recommendations
// moved. Uncertainty is the typical sd of a predicted rating that comes from not knowing theta
// (slope * sqrt(mean over the most-rated films of beta' S_theta beta)), the part answers can remove;
// the bias is left out (a comparison between two films says nothing about it).
import type { ModelParams } from '../../model/types.ts';
import type { TopEntry } from '../types.ts';

/** The meter's reference: the most-rated films. */
const REFERENCE_FILMS = 300;

interface ModelItems {
  /** mean over the reference films of beta beta' (K x K): the meter is then trace(S_theta M). */
  moment: Float64Array;
  prior: number;
}

const cache = new WeakMap<ModelParams, ModelItems>();

function itemsOf(params: ModelParams): ModelItems {
  let c = cache.get(params);
  if (!c) {
    const k = params.dim;
    const byCount = Array.from(params.itemCounts.keys()).sort(
      (a, b) => params.itemCounts[b]! - params.itemCounts[a]!,
    );
    const reference = byCount.slice(0, REFERENCE_FILMS);
    const moment = new Float64Array(k * k);
    for (const item of reference)
      for (let i = 0; i < k; i++)
        for (let j = 0; j < k; j++)
          moment[i * k + j]! +=
            (params.itemFactorMean[item * k + i]! * params.itemFactorMean[item * k + j]!) / reference.length;
    let prior = 0;
    for (let i = 0; i < k; i++) prior += params.priorVar[i]! * moment[i * k + i]!;
    c = { moment, prior };
    cache.set(params, c);
  }
  return c;
}

/** Taste uncertainty on your scale under covariance `cov` over [bias, theta] (row-major, D x D). */
export function tasteUncertainty(params: ModelParams, cov: ArrayLike<number>, slope: number): number {
  const k = params.dim;
  const d = k + 1;
  const { moment } = itemsOf(params);
  let total = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) total += cov[(i + 1) * d + j + 1]! * moment[i * k + j]!;
  return slope * Math.sqrt(Math.max(0, total));
}

/** The same with no data: the prior's covariance. */
export function priorUncertainty(params: ModelParams, slope: number): number {
  return slope * Math.sqrt(itemsOf(params).prior);
}

/** Attaches each entry's rank in `before`, and lists what fell out of the top. */
export function moved(
  before: readonly Omit<TopEntry, 'previousRank'>[],
  after: readonly Omit<TopEntry, 'previousRank'>[],
): { top: TopEntry[]; droppedOut: TopEntry[] } {
  const was = new Map(before.map((e) => [e.tconst, e.rank]));
  const now = new Set(after.map((e) => e.tconst));
  return {
    top: after.map((e) => ({ ...e, previousRank: was.get(e.tconst) ?? null })),
    droppedOut: before.filter((e) => !now.has(e.tconst)).map((e) => ({ ...e, previousRank: e.rank })),
  };
}
