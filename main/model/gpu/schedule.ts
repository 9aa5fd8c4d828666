// The GPU epoch's order: a stratified (DSGD) schedule. Users and items are dealt into P blocks each,
// balanced by rating count; sub-epoch s lets worker w train block (user block w, item block
// (w + s) mod P). Within a sub-epoch no two workers share a user or an item, so the parallel pass
// has no races and equals the CPU kernel run over the examples in this order (the self-test relies
// on that). Each block keeps the prepared (seeded, user-grouped) order of its examples.
import type { Examples } from '../data.ts';

export interface Schedule {
  /** Workers P: P sub-epochs per epoch, P blocks per sub-epoch. */
  workers: number;
  /** The training examples in schedule order: block (s, w) is [offsets[s * P + w], offsets[s * P + w + 1]). */
  examples: Examples;
  offsets: Uint32Array; // [P * P + 1]
  /** The largest block: a sub-epoch's critical path in examples. */
  maxBlock: number;
}

/** Examples per block the schedule aims at: enough to amortise a dispatch, small enough to keep many workers. */
const TARGET_BLOCK = 24;
const MAX_WORKERS = 1024;

/**
 * P from the data's shape only (never the hardware), so a seed gives the same model on every GPU.
 * About TARGET_BLOCK examples per block, at most one worker per user or item.
 */
export function chooseWorkers(nUsers: number, nItems: number, nTrain: number): number {
  const p = Math.round(Math.sqrt(nTrain / TARGET_BLOCK));
  return Math.max(1, Math.min(MAX_WORKERS, nUsers, nItems, p));
}

/** Longest-processing-time dealing: heaviest rows first, each to the least loaded block. */
export function balancedBlocks(counts: Int32Array, blocks: number): Uint32Array {
  const order = Array.from(counts.keys()).sort((a, b) => counts[b]! - counts[a]! || a - b);
  const out = new Uint32Array(counts.length);
  // A binary min-heap of (load, block); ties go to the lower block so the dealing is deterministic.
  const load = new Float64Array(blocks);
  const heap = Array.from({ length: blocks }, (_, b) => b);
  const less = (a: number, b: number) => load[a]! < load[b]! || (load[a] === load[b] && a < b);
  for (const row of order) {
    const b = heap[0]!;
    out[row] = b;
    load[b]! += counts[row]!;
    for (let i = 0; ;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < blocks && less(heap[l]!, heap[m]!)) m = l;
      if (r < blocks && less(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  }
  return out;
}

export function planSchedule(
  train: Examples,
  userCounts: Int32Array,
  itemCounts: Int32Array,
  workers = chooseWorkers(userCounts.length, itemCounts.length, train.ratings.length),
): Schedule {
  const P = workers;
  const n = train.ratings.length;
  const userBlock = balancedBlocks(userCounts, P);
  const itemBlock = balancedBlocks(itemCounts, P);
  const key = new Uint32Array(n);
  const offsets = new Uint32Array(P * P + 1);
  for (let p = 0; p < n; p++) {
    const w = userBlock[train.users[p]!]!;
    const s = (itemBlock[train.items[p]!]! + P - w) % P;
    key[p] = s * P + w;
    offsets[key[p]! + 1]!++;
  }
  let maxBlock = 0;
  for (let b = 0; b < P * P; b++) {
    maxBlock = Math.max(maxBlock, offsets[b + 1]!);
    offsets[b + 1]! += offsets[b]!;
  }
  const next = offsets.slice(0, P * P);
  const examples: Examples = {
    users: new Int32Array(n),
    items: new Int32Array(n),
    ratings: new Float32Array(n),
  };
  for (let p = 0; p < n; p++) {
    const q = next[key[p]!]!++;
    examples.users[q] = train.users[p]!;
    examples.items[q] = train.items[p]!;
    examples.ratings[q] = train.ratings[p]!;
  }
  return { workers: P, examples, offsets, maxBlock };
}
