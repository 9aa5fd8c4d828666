// Turns a RatingsMatrix into training examples: a seeded train/held-out split, then the training
// triples packed into flat arrays in one seeded order. Both backends read this same order.
import type { RatingsMatrix } from '../datasets/types.ts';
import { createRng } from './rng.ts';

export interface Examples {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
}

export interface PreparedData {
  nUsers: number;
  nItems: number;
  /** Ordered once (seeded: users shuffled, each user's ratings shuffled); every epoch walks this order. */
  train: Examples;
  /** Held-out ratings in matrix order (validation or calibration test set). */
  heldOut: Examples;
  userCounts: Int32Array;
  itemCounts: Int32Array;
  /** Mean training rating. */
  mu: number;
}

/** 1 for each rating drawn into the held-out fraction (seeded). */
export function splitMask(nnz: number, fraction: number, seed: number): Uint8Array {
  const mask = new Uint8Array(nnz);
  if (fraction <= 0) return mask;
  const rand = createRng(seed ^ 0x5eed5);
  for (let p = 0; p < nnz; p++) mask[p] = rand() < fraction ? 1 : 0;
  return mask;
}

/** Balanced k-fold assignment: a seeded permutation dealt round-robin into folds 0..k-1. */
export function foldIds(nnz: number, folds: number, seed: number): Uint8Array {
  const order = new Uint32Array(nnz);
  for (let p = 0; p < nnz; p++) order[p] = p;
  const rand = createRng(seed ^ 0xf01d);
  for (let p = nnz - 1; p > 0; p--) {
    const q = Math.floor(rand() * (p + 1));
    const t = order[p]!;
    order[p] = order[q]!;
    order[q] = t;
  }
  const ids = new Uint8Array(nnz);
  for (let p = 0; p < nnz; p++) ids[order[p]!] = p % folds;
  return ids;
}

export function prepareData(matrix: RatingsMatrix, heldOut: Uint8Array, seed: number): PreparedData {
  const nUsers = matrix.userIds.length;
  const nItems = matrix.itemIds.length;
  const nnz = matrix.ratings.length;
  if (heldOut.length !== nnz)
    throw new RangeError(`held-out mask has ${heldOut.length} entries for ${nnz} ratings`);
  let nHeld = 0;
  for (let p = 0; p < nnz; p++) nHeld += heldOut[p]!;
  const nTrain = nnz - nHeld;
  if (nTrain === 0) throw new RangeError('No ratings left to train on.');
  const train: Examples = {
    users: new Int32Array(nTrain),
    items: new Int32Array(nTrain),
    ratings: new Float32Array(nTrain),
  };
  const held: Examples = {
    users: new Int32Array(nHeld),
    items: new Int32Array(nHeld),
    ratings: new Float32Array(nHeld),
  };
  const userCounts = new Int32Array(nUsers);
  const itemCounts = new Int32Array(nItems);
  let t = 0;
  let h = 0;
  let sum = 0;
  for (let u = 0; u < nUsers; u++) {
    const end = matrix.userOffsets[u + 1]!;
    for (let p = matrix.userOffsets[u]!; p < end; p++) {
      const i = matrix.itemIndex[p]!;
      const r = matrix.ratings[p]!;
      if (heldOut[p]) {
        held.users[h] = u;
        held.items[h] = i;
        held.ratings[h++] = r;
      } else {
        train.users[t] = u;
        train.items[t] = i;
        train.ratings[t++] = r;
        userCounts[u]!++;
        itemCounts[i]!++;
        sum += r;
      }
    }
  }
  shuffleExamples(train, seed);
  return { nUsers, nItems, train, heldOut: held, userCounts, itemCounts, mu: sum / nTrain };
}

/**
 * The epoch order: users in a seeded random order, each user's ratings together and shuffled among
 * themselves. Grouping by user keeps that user's rows in cache for all of their ratings (a fully
 * random order is bound by memory latency: ~6 cache misses per rating on ML-25M's 40 MB of user
 * state), and lets Hogwild threads work on disjoint users.
 */
function shuffleExamples(ex: Examples, seed: number): void {
  const rand = createRng(seed ^ 0x5b0ff1e);
  const { users, items, ratings } = ex;
  const n = users.length;
  // Training examples arrive grouped by user in ascending order: find each user's segment.
  const starts: number[] = [];
  for (let p = 0; p < n; p++) if (p === 0 || users[p] !== users[p - 1]) starts.push(p);
  starts.push(n);
  const segments = starts.length - 1;
  const order = new Uint32Array(segments);
  for (let g = 0; g < segments; g++) order[g] = g;
  for (let g = segments - 1; g > 0; g--) {
    const h = Math.floor(rand() * (g + 1));
    const t = order[g]!;
    order[g] = order[h]!;
    order[h] = t;
  }
  const u2 = new Int32Array(n);
  const i2 = new Int32Array(n);
  const r2 = new Float32Array(n);
  let out = 0;
  for (let g = 0; g < segments; g++) {
    const a = starts[order[g]!]!;
    const b = starts[order[g]! + 1]!;
    const base = out;
    u2.fill(users[a]!, out, out + b - a);
    i2.set(items.subarray(a, b), out);
    r2.set(ratings.subarray(a, b), out);
    out += b - a;
    for (let p = out - 1; p > base; p--) {
      const q = base + Math.floor(rand() * (p - base + 1));
      const ti = i2[p]!;
      i2[p] = i2[q]!;
      i2[q] = ti;
      const tr = r2[p]!;
      r2[p] = r2[q]!;
      r2[q] = tr;
    }
  }
  users.set(u2);
  items.set(i2);
  ratings.set(r2);
}
