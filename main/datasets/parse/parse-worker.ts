// worker_threads entry: parses ratings.csv regions off the main thread and sends back finished
// users' rows (MovieLens files are sorted by user, so every user but the last of a region is
// complete). Main writes those while this thread parses the next region: the two overlap. Given
// a path, it also reads the file (a third of main's work before, in copies and stream turns), and
// keeps at most MAX_IN_FLIGHT blocks unacknowledged so a slow writer bounds its memory.
import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../errors.ts';
import { fileRegions, LineTooLongError } from './lines.ts';
import { RatingsParser } from './ratings-parser.ts';
import type { BlockBuffers, FromParseWorker, ToParseWorker } from './protocol.ts';

const port = parentPort!;
const { label, path, regionBytes, maxInFlight } = workerData as {
  label: string;
  path?: string;
  regionBytes: number;
  maxInFlight: number;
};
const parser = new RatingsParser(label, 1 << 20);
let lastEmittedUser = -1;
let rows = 0;
// Per movieId m: votes[2m] ratings, votes[2m+1] the sum of their half stars. Interleaved so one
// cache line serves both (random access over ~200k movies is this loop's main cost).
let votesArr = new Int32Array(1 << 19);
let runStarts = new Int32Array(1 << 16);
/** Milliseconds spent parsing text and packing runs, reported with 'done' (the ingest benchmark). */
let parseMs = 0;
let packMs = 0;
let readMs = 0;
let bytesRead = 0;
/** Blocks sent but not yet acknowledged by main (only counted when this thread reads the file). */
let unacked = 0;
let resume: (() => void) | null = null;

function post(msg: FromParseWorker, transfer: ArrayBuffer[] = []): void {
  port.postMessage(msg, transfer);
}

function growVotes(movieId: number): void {
  const grown = new Int32Array(Math.max(2 * movieId + 2, votesArr.length * 2));
  grown.set(votesArr);
  votesArr = grown;
}

/** A (user, movie) pair seen twice: its data row and the user and movie (the other row is the one before). */
let duplicate: { row: number; user: number; movie: number } | null = null;

/** Sends rows [0, cut) as one block of per-user runs; false if the input turned out unsorted (or repeats a pair). */
function emit(cut: number): boolean {
  const c = parser.cols;
  const users = c.users;
  const items = c.items;
  const halves = c.halves;
  if (runStarts.length < cut + 1) runStarts = new Int32Array(cut + 1);
  const starts = runStarts;
  let runs = 0;
  let prevUser = -1;
  let prevItem = -1;
  let votes = votesArr;
  for (let k = 0; k < cut; k++) {
    const u = users[k]!;
    const m = items[k]!;
    if (runs === 0 || u !== prevUser) {
      // Users must rise: none may come back after its rows were sent, or go down within a block.
      if (u <= lastEmittedUser || (runs > 0 && u < prevUser)) return false;
      starts[runs++] = k;
      prevUser = u;
    } else if (m <= prevItem) {
      // Sorted so far, so a repeated pair is next to its first occurrence: the first repeat in the file.
      if (m === prevItem) duplicate = { row: rows + k, user: u, movie: m };
      return false;
    }
    prevItem = m;
    if (2 * m + 1 >= votes.length) {
      growVotes(m);
      votes = votesArr;
    }
    votes[2 * m]!++;
    votes[2 * m + 1]! += halves[k]!;
  }
  starts[runs] = cut;
  const b = buffersFor(cut, runs);
  const blockUsers = new Int32Array(b.users, 0, runs);
  const blockCounts = new Int32Array(b.counts, 0, runs);
  for (let r = 0; r < runs; r++) {
    blockUsers[r] = users[starts[r]!]!;
    blockCounts[r] = starts[r + 1]! - starts[r]!;
  }
  if (runs) lastEmittedUser = blockUsers[runs - 1]!;
  const block = {
    type: 'block' as const,
    users: blockUsers,
    counts: blockCounts,
    items: copy(new Int32Array(b.items, 0, cut), items),
    halves: copy(new Uint8Array(b.halves, 0, cut), halves),
    timestamps: copy(new Int32Array(b.timestamps, 0, cut), c.timestamps),
    bytesRead,
  };
  unacked++;
  rows += cut;
  // Keep the unfinished last user at the front for the next region.
  const rest = c.length - cut;
  users.copyWithin(0, cut, c.length);
  items.copyWithin(0, cut, c.length);
  halves.copyWithin(0, cut, c.length);
  c.timestamps.copyWithin(0, cut, c.length);
  c.length = rest;
  post(block, [b.users, b.counts, b.items, b.halves, b.timestamps]);
  return true;
}

/**
 * A block's arrays, handed back by main with its ack and used again: a new set per block (~170 KB
 * each, ~1,300 blocks for ml-25m) kept the garbage collector marking on both threads.
 */
const spare: BlockBuffers[] = [];

function buffersFor(rows: number, runs: number): BlockBuffers {
  const b = spare.pop();
  const fit = (buf: ArrayBuffer | undefined, bytes: number) =>
    buf && buf.byteLength >= bytes ? buf : new ArrayBuffer(Math.max(bytes, 1 << 16));
  return {
    users: fit(b?.users, 4 * runs),
    counts: fit(b?.counts, 4 * runs),
    items: fit(b?.items, 4 * rows),
    halves: fit(b?.halves, rows),
    timestamps: fit(b?.timestamps, 4 * rows),
  };
}

function copy<T extends Int32Array | Uint8Array>(to: T, from: T): T {
  to.set(from.subarray(0, to.length));
  return to;
}

/** Parses one region and sends its finished users; false when the input stopped (unsorted or a repeat). */
function chunk(buf: Buffer): boolean {
  const t0 = performance.now();
  parser.push({ buf, bytesRead: 0 });
  const t1 = performance.now();
  parseMs += t1 - t0;
  const c = parser.cols;
  let cut = c.length;
  if (cut > 0) {
    const last = c.users[cut - 1]!;
    while (cut > 0 && c.users[cut - 1] === last) cut--;
  }
  const sent = emit(cut);
  packMs += performance.now() - t1;
  if (!sent) post(duplicate ? { type: 'duplicate', ...duplicate } : { type: 'unsorted' });
  return sent;
}

function end(): void {
  parser.end();
  if (!emit(parser.cols.length))
    return post(duplicate ? { type: 'duplicate', ...duplicate } : { type: 'unsorted' });
  const movies = votesArr.length / 2;
  const count = new Int32Array(movies);
  const sum = new Float64Array(movies);
  for (let m = 0; m < movies; m++) {
    count[m] = votesArr[2 * m]!;
    sum[m] = votesArr[2 * m + 1]! / 2;
  }
  post({ type: 'done', rows, count, sum, parseMs, packMs, readMs }, [count.buffer, sum.buffer]);
}

function fail(err: unknown): void {
  post({
    type: 'error',
    code: err instanceof AppError ? err.code : 'INTERNAL',
    message: (err as Error).message,
  });
}

// Reads are synchronous: this thread has nothing else to do meanwhile, and acks are taken in while
// it waits for main to catch up.
async function readFile(file: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    return post({ type: 'readError', offset: null, message: (err as Error).message });
  }
  try {
    const regions = fileRegions(fd, regionBytes);
    for (;;) {
      while (unacked >= maxInFlight) await new Promise<void>((r) => (resume = r));
      const t = performance.now();
      let next: IteratorResult<{ buf: Buffer; bytesRead: number }>;
      try {
        next = regions.next();
      } catch (err) {
        const offset = err instanceof LineTooLongError ? err.offset : null;
        return post({ type: 'readError', offset, message: (err as Error).message });
      }
      readMs += performance.now() - t;
      if (next.done) return end();
      bytesRead = next.value.bytesRead;
      if (!chunk(next.value.buf)) return;
    }
  } finally {
    closeSync(fd);
  }
}

port.on('message', (msg: ToParseWorker) => {
  try {
    if (msg.type === 'ack') {
      spare.push(msg.buffers);
      unacked--;
      resume?.();
      resume = null;
    } else if (msg.type === 'chunk') {
      chunk(Buffer.from(msg.buf.buffer, msg.buf.byteOffset, msg.buf.byteLength));
    } else {
      end();
    }
  } catch (err) {
    fail(err);
  }
});

if (path) readFile(path).catch(fail);
