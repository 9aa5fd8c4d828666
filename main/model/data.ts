// Turns a RatingsMatrix into training examples: a seeded train/held-out split, then the training
// triples packed into flat arrays in one seeded order. Both backends read this same order.
import type { RatingsMatrix } from '../datasets/types.ts';
import { createRng } from './rng.ts';

export interface Examples {
  users: Int32Array;
  items: Int32Array;
  ratings: Float32Array;
  /**
   * Training examples for G > 1 threads (see prepareData): grid G, the number of rounds, and the
   * start of each round's G blocks (rounds * G + 1 offsets), so a round's blocks are contiguous.
   * A round is a slice of one of the grid's G diagonals: its blocks share no user and no item.
   */
  grid?: number;
  rounds?: number;
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
 * (a, b). Diagonal d holds blocks (t, (t + d) mod G) for t = 0..G-1, which share no user and no
 * item: G threads run them at once without locks, and every thread writes only its rows.
 * Each diagonal is cut into rounds of about `roundSize` examples, every round holding the next
 * slice of each of the diagonal's blocks, so that a batch of one round keeps all G threads busy
 * (a batch cut from whole blocks laid end to end would hold one block: one thread's work). A
 * block's examples keep their order across its slices, so the cut changes no result.
 * grid = 1 gives one block: the single-thread order, unchanged.
 */
export function prepareData(
  matrix: RatingsMatrix,
  heldOut: Uint8Array,
  seed: number,
  grid = 1,
  roundSize = Infinity,
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
  const train = orderTraining(matrix, heldOut, userCounts, nTrain, seed, blocks, roundSize);
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
  blocks: BlockKey | undefined,
  roundSize: number,
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
  // Where each block's next example goes (one block without a grid: the next place).
  let next = 0;
  const place = blocks ? slicedLayout(matrix, heldOut, userCounts, blocks, roundSize, ex) : () => next++;
  const { userOffsets, itemIndex, ratings } = matrix;
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
      const o = place(u, items[p]!);
      ex.users[o] = u;
      ex.items[o] = items[p]!;
      ex.ratings[o] = values[p]!;
    }
  }
  return ex;
}

/**
 * Lays out the blocks' slices (see prepareData): sets ex.grid, ex.rounds and ex.blocks, and returns
 * where the next example of (user, item)'s block goes, for examples placed in each block's order.
 */
function slicedLayout(
  matrix: RatingsMatrix,
  heldOut: Uint8Array,
  userCounts: Int32Array,
  key: BlockKey,
  roundSize: number,
  ex: Examples,
): (u: number, i: number) => number {
  const { grid } = key;
  const nBlocks = grid * grid;
  const size = new Uint32Array(nBlocks);
  const { userOffsets, itemIndex } = matrix;
  for (let u = 0; u < userCounts.length; u++)
    for (let p = userOffsets[u]!; p < userOffsets[u + 1]!; p++)
      if (!heldOut[p]) size[key.of(u, itemIndex[p]!)]!++;
  // Slices per diagonal, and the first round of each.
  const slices = new Uint32Array(grid);
  const firstRound = new Uint32Array(grid + 1);
  for (let d = 0; d < grid; d++) {
    let n = 0;
    for (let t = 0; t < grid; t++) n += size[d * grid + t]!;
    slices[d] = Math.max(1, Math.ceil(n / roundSize));
    firstRound[d + 1] = firstRound[d]! + slices[d]!;
  }
  const rounds = firstRound[grid]!;
  // Slice s of block b holds its examples [cut(b, s), cut(b, s + 1)).
  const cut = (b: number, s: number) => Math.floor((size[b]! * s) / slices[Math.floor(b / grid)]!);
  const offsets = new Uint32Array(rounds * grid + 1);
  let at = 0;
  for (let d = 0; d < grid; d++)
    for (let s = 0; s < slices[d]!; s++)
      for (let t = 0; t < grid; t++) {
        const b = d * grid + t;
        offsets[(firstRound[d]! + s) * grid + t] = at;
        at += cut(b, s + 1) - cut(b, s);
      }
  offsets[rounds * grid] = at;
  ex.grid = grid;
  ex.rounds = rounds;
  ex.blocks = offsets;
  // Per block: examples placed so far, and the slice the next one falls in.
  const filled = new Uint32Array(nBlocks);
  const slice = new Uint32Array(nBlocks);
  return (u, i) => {
    const b = key.of(u, i);
    const d = Math.floor(b / grid);
    const n = filled[b]!++;
    let s = slice[b]!;
    while (n >= cut(b, s + 1)) s++;
    slice[b] = s;
    return offsets[(firstRound[d]! + s) * grid + (b % grid)]! + (n - cut(b, s));
  };
}

interface BlockKey {
  grid: number;
  /** Round-major index of the block of (user, item). */
  of(u: number, i: number): number;
}

/**
 * The trainer's batches: [start, end) pairs over the training examples. With blocks, one round
 * each (its G blocks run on G threads at once); otherwise `batchSize` examples each.
 */
export function batchBounds(ex: Examples, batchSize: number): Array<[number, number]> {
  const n = ex.ratings.length;
  const out: Array<[number, number]> = [];
  if (ex.blocks && ex.grid && ex.rounds) {
    for (let r = 0; r < ex.rounds; r++) {
      const start = ex.blocks[r * ex.grid]!;
      const end = ex.blocks[(r + 1) * ex.grid]!;
      if (end > start) out.push([start, end]);
    }
  } else {
    for (let start = 0; start < n; start += batchSize) out.push([start, Math.min(n, start + batchSize)]);
  }
  if (out.length === 0) out.push([0, n]);
  return out;
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
  // Block (a, b) lies on diagonal d = (b - a) mod G, as that diagonal's a-th block.
  return { grid, of: (u, i) => ((ig[i]! - ug[u]! + grid) % grid) * grid + ug[u]! };
}
