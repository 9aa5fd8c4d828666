// The implicit-feedback item model: EASE (Steck 2019), a linear item-item autoencoder over who
// watched what, B = I - P diag(1/diag P) with P = (X'X + lambda I)^-1, X the binary user x item
// matrix of MovieLens (a rating means "watched"). Over the `cap` most-rated items only (the Gram
// matrix is cap x cap), and each row kept sparse (its largest weights). A user is folded in by
// summing the rows of the films they watched: no per-user training.
import type { RatingsMatrix } from '../../datasets/types.ts';
import { AppError } from '../../errors.ts';
import type { JobProgress } from '../../jobs/types.ts';
import type { ModelParams } from '../../model/types.ts';
import { itemIndex } from '../../catalogue/items.ts';
import type { ImplicitModel, ImplicitOptions } from '../types.ts';
import { invertSteps } from './invert.ts';

export const defaultImplicitOptions: ImplicitOptions = {
  cap: 2500,
  lambda: 200,
  neighbours: 200,
  maxPairs: 2e9,
};

export interface ImplicitHooks {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
  /** Lets queued messages (cancel) in between chunks of work (the worker's yieldToEvents). */
  yieldNow?(): Promise<void>;
}

/** The cap most-rated model items (with at least 2 ratings), most-rated first. */
export function implicitItems(params: Pick<ModelParams, 'itemCounts'>, cap: number): Int32Array {
  const idx: number[] = [];
  for (let i = 0; i < params.itemCounts.length; i++) if (params.itemCounts[i]! >= 2) idx.push(i);
  idx.sort((a, b) => params.itemCounts[b]! - params.itemCounts[a]! || a - b);
  return Int32Array.from(idx.slice(0, cap));
}

/** Lower triangle of X'X over the chosen items (row-major n x n), users in a seeded order. */
function gram(
  m: RatingsMatrix,
  params: Pick<ModelParams, 'itemIds'>,
  items: Int32Array,
  maxPairs: number,
): { g: Float64Array; users: number } {
  const n = items.length;
  const posOfModel = new Map<number, number>();
  items.forEach((item, p) => posOfModel.set(item, p));
  // Matrix item index -> position in the Gram matrix (-1: not kept).
  const pos = Int32Array.from(m.itemIds, (id) => posOfModel.get(itemIndex(params, id)) ?? -1);
  const g = new Float64Array(n * n);
  const order = seededOrder(m.userIds.length, 12345);
  const buf = new Int32Array(n);
  let pairs = 0;
  let users = 0;
  for (const u of order) {
    let c = 0;
    for (let k = m.userOffsets[u]!; k < m.userOffsets[u + 1]!; k++) {
      const p = pos[m.itemIndex[k]!]!;
      if (p >= 0) buf[c++] = p;
    }
    const cost = (c * (c + 1)) / 2;
    if (pairs + cost > maxPairs) continue;
    pairs += cost;
    users++;
    // Sorted, so each row's updates move forward through memory.
    const list = buf.subarray(0, c).sort();
    for (let a = 0; a < c; a++) {
      const row = list[a]! * n;
      for (let b = 0; b <= a; b++) g[row + list[b]!]! += 1;
    }
  }
  return { g, users };
}

function seededOrder(n: number, seed: number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const j = s % (i + 1);
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** Trains the EASE weights for the model's items from the ratings it was trained on. */
export async function trainImplicit(
  m: RatingsMatrix,
  params: Pick<ModelParams, 'itemIds' | 'itemCounts'>,
  partial: Partial<ImplicitOptions> = {},
  hooks: ImplicitHooks = {},
): Promise<ImplicitModel> {
  const started = performance.now();
  const o: ImplicitOptions = { ...defaultImplicitOptions, ...definedOnly(partial) };
  const items = implicitItems(params, o.cap);
  const n = items.length;
  if (n < 2) throw new AppError('NO_DATA', 'Too few rated films to learn what people watch together.');
  hooks.onProgress?.({ fraction: 0, message: `Counting who watched what (${n} films)…` });
  const { g, users } = gram(m, params, items, o.maxPairs);
  for (let i = 0; i < n; i++) {
    g[i * n + i]! += o.lambda;
    for (let j = 0; j < i; j++) g[j * n + i] = g[i * n + j]!;
  }
  let last = performance.now();
  for (const done of invertSteps(g, n)) {
    if (hooks.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled.');
    if (performance.now() - last > 50) {
      hooks.onProgress?.({
        fraction: 0.1 + (0.85 * done) / n,
        message: `Learning what people watch together (${done}/${n})…`,
      });
      await hooks.yieldNow?.();
      last = performance.now();
    }
  }
  const sparse = sparsify(g, n, items, o.neighbours);
  return { items, ...sparse, options: o, users, seconds: (performance.now() - started) / 1000 };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** B[i, j] = -P[i, j] / P[j, j] (zero diagonal), each row's `keep` largest magnitudes. */
function sparsify(
  p: Float64Array,
  n: number,
  items: Int32Array,
  keep: number,
): Pick<ImplicitModel, 'offsets' | 'cols' | 'weights'> {
  const k = Math.min(keep, n - 1);
  const offsets = new Int32Array(n + 1);
  const cols = new Int32Array(n * k);
  const weights = new Float32Array(n * k);
  const row = new Float64Array(n);
  const mags = new Float64Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      row[j] = i === j ? 0 : -p[i * n + j]! / p[j * n + j]!;
      mags[j] = i === j ? -1 : Math.abs(row[j]!);
    }
    const threshold = mags.slice().sort()[n - k]!;
    for (let j = 0; j < n && at < (i + 1) * k; j++) {
      if (j !== i && mags[j]! >= threshold) {
        cols[at] = items[j]!;
        weights[at++] = row[j]!;
      }
    }
    offsets[i + 1] = at;
  }
  return { offsets, cols: cols.slice(0, at), weights: weights.slice(0, at) };
}

/**
 * Folds a user in: s[j] = sum of B[i, j] over the films i they watched (model item indices).
 * Items outside the implicit model score 0.
 */
export function foldIn(
  model: ImplicitModel,
  nItems: number,
  watched: Iterable<number>,
  into?: Float32Array,
): Float32Array {
  const rowOf = new Map<number, number>();
  model.items.forEach((item, r) => rowOf.set(item, r));
  // `into` (nItems long): a buffer kept between refreshes, so a catalogue-sized array is not reallocated.
  const s = into ? into.fill(0) : new Float32Array(nItems);
  for (const item of watched) {
    const r = rowOf.get(item);
    if (r === undefined) continue;
    for (let k = model.offsets[r]!; k < model.offsets[r + 1]!; k++) s[model.cols[k]!]! += model.weights[k]!;
  }
  return s;
}
