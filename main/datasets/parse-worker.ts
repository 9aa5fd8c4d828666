// worker_threads entry: parses ratings.csv regions off the main thread and sends back finished
// users' rows (MovieLens files are sorted by user, so every user but the last of a region is
// complete). Main writes those while this thread parses the next region: the two overlap.
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../ipc/errors.ts';
import { RatingsParser } from './ratings-parser.ts';
import type { FromParseWorker, ToParseWorker } from './parse-protocol.ts';

const port = parentPort!;
const { label } = workerData as { label: string };
const parser = new RatingsParser(label, 1 << 20);
let lastEmittedUser = -1;
let rows = 0;
let count = new Int32Array(1 << 16);
let sum = new Float64Array(1 << 16);

function post(msg: FromParseWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

/** Sends rows [0, cut) as one block of per-user runs; false if the input turned out unsorted. */
function emit(cut: number): boolean {
  const c = parser.cols;
  const runsUsers: number[] = [];
  const runsCounts: number[] = [];
  let prevUser = -1;
  let prevItem = -1;
  for (let k = 0; k < cut; k++) {
    const u = c.users[k]!;
    const m = c.items[k]!;
    if (runsUsers.length === 0 || u !== prevUser) {
      // Users must rise: none may come back after its rows were sent, or go down within a block.
      if (u <= lastEmittedUser || (runsUsers.length > 0 && u < prevUser)) return false;
      runsUsers.push(u);
      runsCounts.push(0);
      prevUser = u;
    } else if (m <= prevItem) return false;
    prevItem = m;
    runsCounts[runsCounts.length - 1]!++;
    if (m >= count.length) {
      const size = Math.max(m + 1, count.length * 2);
      const c2 = new Int32Array(size);
      c2.set(count);
      count = c2;
      const s2 = new Float64Array(size);
      s2.set(sum);
      sum = s2;
    }
    count[m]!++;
    sum[m]! += c.halves[k]! / 2;
  }
  if (runsUsers.length) lastEmittedUser = runsUsers[runsUsers.length - 1]!;
  const block = {
    type: 'block' as const,
    users: Int32Array.from(runsUsers),
    counts: Int32Array.from(runsCounts),
    items: c.items.slice(0, cut),
    halves: c.halves.slice(0, cut),
    timestamps: c.timestamps.slice(0, cut),
  };
  rows += cut;
  // Keep the unfinished last user at the front for the next region.
  const rest = c.length - cut;
  c.users.copyWithin(0, cut, c.length);
  c.items.copyWithin(0, cut, c.length);
  c.halves.copyWithin(0, cut, c.length);
  c.timestamps.copyWithin(0, cut, c.length);
  c.length = rest;
  post(block, [block.users.buffer, block.counts.buffer, block.items.buffer, block.halves.buffer, block.timestamps.buffer]);
  return true;
}

port.on('message', (msg: ToParseWorker) => {
  try {
    if (msg.type === 'chunk') {
      parser.push({ buf: Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength), bytesRead: 0 });
      const c = parser.cols;
      let cut = c.length;
      if (cut > 0) {
        const last = c.users[cut - 1]!;
        while (cut > 0 && c.users[cut - 1] === last) cut--;
      }
      if (!emit(cut)) post({ type: 'unsorted' });
    } else {
      parser.end();
      if (!emit(parser.cols.length)) return post({ type: 'unsorted' });
      const n = count.length;
      post({ type: 'done', rows, count: count.slice(0, n), sum: sum.slice(0, n) });
    }
  } catch (err) {
    post({ type: 'error', code: err instanceof AppError ? err.code : 'INTERNAL', message: (err as Error).message });
  }
});
