// Titles the ratings never placed, appended to a model as items with their metadata posteriors: the
// theta fit (ratings of such titles inform theta through their predicted posterior, counting less
// where it is uncertain) and every prediction then run unchanged over the joined item list.
import type { ModelParams } from '../types.ts';
import { placedWidth } from './model.ts';
import type { ItemPosterior, PosteriorSource } from './types.ts';

/**
 * params with `extra` appended after its items (indices params.itemIds.length + n); `ids` are
 * their identifiers in itemIds (negative, say, so they never collide with a MovieLens movieId).
 */
export function withColdItems(
  params: ModelParams,
  ids: readonly number[],
  extra: readonly ItemPosterior[],
): ModelParams {
  const width = placedWidth(params.dim);
  const block = new Float32Array(extra.length * width);
  extra.forEach((p, e) => {
    const o = e * width;
    block[o] = p.bias;
    block[o + 1] = p.biasVariance;
    block.set(p.mean, o + 2);
    block.set(p.variance, o + 2 + params.dim);
  });
  return withPlacedItems(params, ids, block);
}

/** The same from a block of placed posteriors (placedWidth(dim) values per title, model.ts). */
export function withPlacedItems(
  params: ModelParams,
  ids: ArrayLike<number>,
  block: Float32Array,
): ModelParams {
  const { dim } = params;
  const width = placedWidth(dim);
  const n0 = params.itemIds.length;
  const extra = ids.length;
  const n = n0 + extra;
  const grow = <T extends Float32Array | Int32Array>(a: T, per: number, make: (len: number) => T): T => {
    const out = make(n * per);
    out.set(a);
    return out;
  };
  const itemIds = grow(params.itemIds, 1, (l) => new Int32Array(l));
  const itemBiasMean = grow(params.itemBiasMean, 1, (l) => new Float32Array(l));
  const itemBiasVar = grow(params.itemBiasVar, 1, (l) => new Float32Array(l));
  const itemFactorMean = grow(params.itemFactorMean, dim, (l) => new Float32Array(l));
  const itemFactorVar = grow(params.itemFactorVar, dim, (l) => new Float32Array(l));
  const itemCounts = grow(params.itemCounts, 1, (l) => new Int32Array(l));
  for (let e = 0; e < extra; e++) {
    const i = n0 + e;
    const o = e * width;
    itemIds[i] = ids[e]!;
    itemBiasMean[i] = block[o]!;
    itemBiasVar[i] = block[o + 1]!;
    itemFactorMean.set(block.subarray(o + 2, o + 2 + dim), i * dim);
    itemFactorVar.set(block.subarray(o + 2 + dim, o + width), i * dim);
  }
  return { ...params, itemIds, itemBiasMean, itemBiasVar, itemFactorMean, itemFactorVar, itemCounts };
}

/** Where item i's posterior comes from: its own training ratings, or (a cold item) its metadata. */
export function sourceOf(params: ModelParams, item: number): PosteriorSource {
  return params.itemCounts[item]! > 0 ? 'ratings' : 'metadata';
}
