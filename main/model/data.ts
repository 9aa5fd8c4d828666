// Turns a RatingsMatrix into training examples: a seeded train/held-out split, then the training
// triples packed into flat arrays in one seeded order. Both backends read this same order.
import type { RatingsMatrix } from '../datasets/types.ts';
import { createRng } from './rng.ts';

export interface Examples {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /**
   * Training examples for G > 1 threads (see blockOrder): grid G and the start of each of its G x G
   * blocks in round-major order (G * G + 1 offsets), so round r's blocks are contiguous.
   */
  grid?: number;
  blocks?: Uint32Array;
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

/**
 * `grid` > 1 lays the training examples out for blocked parallel SGD (LibMF's FPSG): users and items
 * are dealt into `grid` groups each, and the examples of user group a and item group b form block
 * (a, b). Round r holds blocks (t, (t + r) mod G) for t = 0..G-1, which share no user and no item:
 * G threads run one round's blocks at once without locks, and every thread writes only its rows.
 * grid = 1 gives one block: the single-thread order, unchanged.
 */
export function prepareData(
  matrix: RatingsMatrix,
  heldOut: Uint8Array,
  seed: number,
  grid = 1,
): PreparedData {
  const nUsers = matrix.userIds.length;
  const nItems = matrix.itemIds.length;
  const nnz = matrix.ratings.length;
  if (heldOut.length !== nnz)
    throw new RangeError(`held-out mask has ${heldOut.length} entries for ${nnz} ratings`);
  let nHeld = 0;
  for (let p = 0; p < nnz; p++) nHeld += heldOut[p]!;
  const nTrain = nnz - nHeld;
  if (nTrain === 0) throw new RangeError('No ratings left to train on.');
  const held: Examples = {
    users: new Int32Array(nHeld),
    items: new Int32Array(nHeld),
    ratings: new Float32Array(nHeld),
  };
  const userCounts = new Int32Array(nUsers);
  const itemCounts = new Int32Array(nItems);
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
        userCounts[u]!++;
        itemCounts[i]!++;
        sum += r;
      }
    }
  }
  const blocks = grid > 1 ? blockOf(userCounts, itemCounts, grid) : undefined;
  const train = orderTraining(matrix, heldOut, userCounts, nTrain, seed, blocks);
  return { nUsers, nItems, train, heldOut: held, userCounts, itemCounts, mu: sum / nTrain };
}

/**
 * The epoch order: users in a seeded random order, each user's ratings together and shuffled among
 * themselves. Grouping by user keeps that user's rows in cache for all of their ratings (a fully
 * random order is bound by memory latency: ~6 cache misses per rating on ML-25M's 40 MB of user
 * state). With blocks, each user's shuffled ratings are dealt to their blocks in that order.
 * The training arrays are written once, straight from the matrix in this order: no second copy of
 * them is ever held (25M ratings: 300 MB less at the peak).
 */
function orderTraining(
  matrix: RatingsMatrix,
  heldOut: Uint8Array,
  userCounts: Int32Array,
  nTrain: number,
  seed: number,
  blocks?: BlockKey,
): Examples {
  const rand = createRng(seed ^ 0x5b0ff1e);
  // The users with training ratings, ascending, then in a seeded random order.
  const order: number[] = [];
  let most = 0;
  for (let u = 0; u < userCounts.length; u++) {
    if (userCounts[u]! > 0) order.push(u);
    most = Math.max(most, userCounts[u]!);
  }
  for (let g = order.length - 1; g > 0; g--) {
    const h = Math.floor(rand() * (g + 1));
    const t = order[g]!;
    order[g] = order[h]!;
    order[h] = t;
  }
  const ex: Examples = {
    users: new Int32Array(nTrain),
    items: new Int32Array(nTrain),
    ratings: new Float32Array(nTrain),
  };
  // Where each block's examples go (one block without a grid): its start, moved on as it fills.
  const nBlocks = blocks ? blocks.grid * blocks.grid : 1;
  const next = new Uint32Array(nBlocks + 1);
  const { userOffsets, itemIndex, ratings } = matrix;
  if (blocks) {
    for (let u = 0; u < userCounts.length; u++)
      for (let p = userOffsets[u]!; p < userOffsets[u + 1]!; p++)
        if (!heldOut[p]) next[blocks.of(u, itemIndex[p]!) + 1]!++;
    for (let b = 0; b < nBlocks; b++) next[b + 1]! += next[b]!;
    ex.grid = blocks.grid;
    ex.blocks = Uint32Array.from(next);
  }
  const items = new Int32Array(most);
  const values = new Float32Array(most);
  for (const u of order) {
    let n = 0;
    for (let p = userOffsets[u]!; p < userOffsets[u + 1]!; p++) {
      if (heldOut[p]) continue;
      items[n] = itemIndex[p]!;
      values[n++] = ratings[p]!;
    }
    for (let p = n - 1; p > 0; p--) {
      const q = Math.floor(rand() * (p + 1));
      const ti = items[p]!;
      items[p] = items[q]!;
      items[q] = ti;
      const tr = values[p]!;
      values[p] = values[q]!;
      values[q] = tr;
    }
    for (let p = 0; p < n; p++) {
      const o = next[blocks ? blocks.of(u, items[p]!) : 0]!++;
      ex.users[o] = u;
      ex.items[o] = items[p]!;
      ex.ratings[o] = values[p]!;
    }
  }
  return ex;
}

interface BlockKey {
  grid: number;
  /** Round-major index of the block of (user, item). */
  of(u: number, i: number): number;
}

/** Users and items dealt into `grid` groups of about equal rating counts (heaviest first, greedy). */
function blockOf(userCounts: Int32Array, itemCounts: Int32Array, grid: number): BlockKey {
  const deal = (counts: Int32Array): Uint8Array => {
    const byCount = Uint32Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]! || a - b);
    const load = new Float64Array(grid);
    const group = new Uint8Array(counts.length);
    for (const e of byCount) {
      let g = 0;
      for (let h = 1; h < grid; h++) if (load[h]! < load[g]!) g = h;
      group[e] = g;
      load[g]! += counts[e]!;
    }
    return group;
  };
  const ug = deal(userCounts);
  const ig = deal(itemCounts);
  // Block (a, b) runs in round r = (b - a) mod G, as that round's a-th block.
  return { grid, of: (u, i) => ((ig[i]! - ug[u]! + grid) % grid) * grid + ug[u]! };
}
