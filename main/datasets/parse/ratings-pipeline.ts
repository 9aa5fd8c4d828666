// ratings.csv import with parsing in a worker thread and per-user BLOB writes on this thread (the
// database's one writer), overlapped: total time is about the slower of the two, not their sum,
// and the event loop never waits on a parse. Returns null when no worker can be started or the
// file is not sorted by user, and the caller falls back to parsing here (packed.ts sorts).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Database } from 'better-sqlite3';
import { AppError, type ErrorCode } from '../../errors.ts';
import { cancelled } from '../../jobs/registry.ts';
import type { FromParseWorker, ToParseWorker } from './protocol.ts';
import type { PackStats } from '../packed.ts';
import { eachRegion, readFailure } from './read.ts';
import { LineTooLongError } from './lines.ts';
import { DuplicateRatingError } from './duplicates.ts';
import type { SourceEntry } from './sources.ts';
import type { PhaseTimes } from './phases.ts';

/** Thrown inside the region loop to stop reading once the worker reports unsorted input. */
const UNSORTED = new AppError('INTERNAL', 'ratings.csv is not sorted by user');

/** Region size: each becomes one block of inserts on this thread, so it bounds how long one takes. */
const PIPELINE_REGION_BYTES = 512 * 1024;

/**
 * Blocks the worker may have ahead of the writer (or chunks main may have sent it): bounds memory
 * (~170 KB a block) if the writer falls behind. 24 rather than 6: on a busy machine each thread
 * loses the CPU for a few ms at a time, and a deeper queue keeps the other one going (~3% faster
 * at load 5 on 2 cores, same run).
 */
const MAX_IN_FLIGHT = 24;

/** Users per multi-row INSERT. */
const MULTI = 16;

/** The longest the writer holds the event loop at a time (one block more at most). */
const WRITE_TURN_MS = 10;

function workerFile(): string | null {
  // REELTASTE_PARSE_WORKER=off parses on the calling thread; a path replaces the worker (tests).
  const override = process.env.REELTASTE_PARSE_WORKER;
  if (override) return override === 'off' ? null : override;
  const here = dirname(fileURLToPath(import.meta.url));
  // From source (Node strips the types), or beside the bundled main entry (electron-vite puts this
  // module in out/main/chunks/ and the worker entry in out/main/).
  for (const f of ['parse-worker.ts', 'parse-worker.js', '../parse-worker.js'])
    if (existsSync(join(here, f))) return join(here, f);
  return null;
}

export async function pipelinedRatings(
  db: Database,
  table: string,
  entry: SourceEntry,
  opts: {
    signal?: AbortSignal;
    onRows?: (rows: number, bytesRead: number) => void;
    /** Called before each write transaction; throws to stop (e.g. the disk is nearly full). */
    beforeWrite?: () => void;
    phases?: PhaseTimes;
  },
): Promise<PackStats | null> {
  const file = workerFile();
  if (!file) return null;
  // A plain file is read by the worker itself; a zip entry's stream is read here and sent over.
  const worker = new Worker(file, {
    workerData: {
      label: entry.label,
      path: entry.path,
      regionBytes: PIPELINE_REGION_BYTES,
      maxInFlight: MAX_IN_FLIGHT,
    },
  });
  const insert = db.prepare(
    `INSERT INTO ${table}(user_id, n, items, ratings, timestamps) VALUES (?, ?, ?, ?, ?)`,
  );
  // MULTI users per statement: a statement's step, bindings and reset cost about as much as
  // storing a typical user (154 ratings), so most users go in groups.
  const insertMany = db.prepare(
    `INSERT INTO ${table}(user_id, n, items, ratings, timestamps) VALUES ${Array(MULTI).fill('(?, ?, ?, ?, ?)').join(', ')}`,
  );
  const params: unknown[] = new Array(5 * MULTI);
  const view = (a: Int32Array | Uint8Array, s: number, e: number) =>
    Buffer.from(a.buffer, a.byteOffset + s * a.BYTES_PER_ELEMENT, (e - s) * a.BYTES_PER_ELEMENT);
  let users = 0;
  let rows = 0;
  let bytesRead = 0;
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let failure: Error | 'unsorted' | undefined;
  let finish: ((m: Extract<FromParseWorker, { type: 'done' }>) => void) | undefined;
  const done = new Promise<Extract<FromParseWorker, { type: 'done' }>>((resolve) => (finish = resolve));
  const settle = () => {
    wake?.();
    wake = undefined;
  };
  let answered = false;
  type Block = Extract<FromParseWorker, { type: 'block' }>;
  type Done = Extract<FromParseWorker, { type: 'done' }>;
  /** Blocks received and not yet written, and the worker's 'done' once it comes (after them). */
  const queue: Block[] = [];
  let ended: Done | null = null;
  let draining = false;
  /** Set once this returns: a drain still scheduled must not write to the staging table after it. */
  let closed = false;
  const write = (m: Block): void => {
    inFlight--;
    const t = performance.now();
    try {
      opts.beforeWrite?.();
      db.transaction(() => {
        let at = 0;
        let i = 0;
        for (; i + MULTI <= m.users.length; i += MULTI) {
          for (let j = 0; j < MULTI; j++) {
            const n = m.counts[i + j]!;
            params[5 * j] = m.users[i + j]!;
            params[5 * j + 1] = n;
            params[5 * j + 2] = view(m.items, at, at + n);
            params[5 * j + 3] = view(m.halves, at, at + n);
            params[5 * j + 4] = view(m.timestamps, at, at + n);
            at += n;
          }
          insertMany.run(params);
        }
        for (; i < m.users.length; i++) {
          const n = m.counts[i]!;
          insert.run(
            m.users[i]!,
            n,
            view(m.items, at, at + n),
            view(m.halves, at, at + n),
            view(m.timestamps, at, at + n),
          );
          at += n;
        }
      })();
    } catch (err) {
      failure = err as Error;
      return;
    } finally {
      if (opts.phases) opts.phases.write += (performance.now() - t) / 1000;
    }
    const buffers = {
      users: m.users.buffer as ArrayBuffer,
      counts: m.counts.buffer as ArrayBuffer,
      items: m.items.buffer as ArrayBuffer,
      halves: m.halves.buffer as ArrayBuffer,
      timestamps: m.timestamps.buffer as ArrayBuffer,
    };
    users += m.users.length;
    rows += m.items.length;
    // Written (SQLite copied the BLOBs): the buffers go back to the worker to be filled again.
    worker.postMessage({ type: 'ack', buffers } satisfies ToParseWorker, Object.values(buffers));
    if (entry.path) bytesRead = m.bytesRead;
    opts.onRows?.(rows, bytesRead);
  };
  // Blocks are written from setImmediate, at most WRITE_TURN_MS at a time: written as they
  // arrived, each ack let the worker send the next block, which Node delivered in the same turn,
  // so the event loop waited up to 0.9 s (25M ratings, in-process) instead of ~70 ms.
  const drain = (): void => {
    if (closed) return;
    const until = performance.now() + WRITE_TURN_MS;
    while (queue.length > 0 && !failure && !opts.signal?.aborted) {
      write(queue.shift()!);
      if (performance.now() >= until) break;
    }
    if (queue.length > 0 && !failure && !opts.signal?.aborted) {
      setImmediate(drain);
    } else {
      draining = false;
      if (ended && queue.length === 0) finish?.(ended);
    }
    settle();
  };
  const onMessage = (m: FromParseWorker) => {
    answered = true;
    if (failure) return;
    if (m.type === 'block' || m.type === 'done') {
      if (m.type === 'block') queue.push(m);
      else ended = m;
      if (!draining) {
        draining = true;
        setImmediate(drain);
      }
      return;
    } else if (m.type === 'unsorted') {
      failure = 'unsorted';
    } else if (m.type === 'duplicate') {
      failure = new DuplicateRatingError(m.row, m.row - 1, m.user, m.movie);
    } else if (m.type === 'readError') {
      const cause = m.offset === null ? new Error(m.message) : new LineTooLongError(m.offset);
      void readFailure(entry, cause).then((e) => {
        failure = e as Error;
        settle();
      });
      return;
    } else {
      failure = new AppError(m.code as ErrorCode, m.message);
    }
    settle();
  };
  worker.on('message', onMessage);
  worker.on('error', (err) => {
    // A worker that dies before its first answer (e.g. a packaged app that cannot load it) says
    // nothing about the file: fall back to parsing on this thread, as for unsorted input.
    failure ??= answered ? err : 'unsorted';
    settle();
  });
  const check = () => {
    if (opts.signal?.aborted) throw cancelled();
    if (failure instanceof Error) throw failure;
  };
  opts.signal?.addEventListener('abort', settle, { once: true });
  try {
    if (!entry.path) await sendRegions();
    while (!failure) {
      const result = await Promise.race([done, new Promise<null>((r) => (wake = () => r(null)))]);
      check();
      if (result) {
        if (result.rows !== rows)
          throw new Error(`parse worker lost rows (${result.rows} parsed, ${rows} written)`);
        if (opts.phases) {
          opts.phases.read += result.readMs / 1000;
          opts.phases.parse += result.parseMs / 1000;
          opts.phases.pack += result.packMs / 1000;
        }
        return { users, ratings: rows, votes: { count: result.count, sum: result.sum } };
      }
    }
    check();
    return null; // unsorted, or no worker: the caller re-reads the file and sorts in memory
  } catch (err) {
    if (err === UNSORTED) return null;
    throw err;
  } finally {
    // Blocks already queued from the worker must not reach the staging table the caller drops next.
    closed = true;
    worker.off('message', onMessage);
    opts.signal?.removeEventListener('abort', settle);
    void worker.terminate();
  }

  /** Reads the entry here and hands its regions to the worker (zip entries). */
  async function sendRegions(): Promise<void> {
    await eachRegion(
      entry,
      opts.signal,
      async (region) => {
        while (inFlight >= MAX_IN_FLIGHT && !failure && !opts.signal?.aborted)
          await new Promise<void>((r) => (wake = r));
        check();
        if (failure === 'unsorted') throw UNSORTED;
        // The worker gets its own copy: a region is a view into a buffer this thread reuses.
        const buf = new Uint8Array(region.buf);
        worker.postMessage({ type: 'chunk', buf }, [buf.buffer]);
        inFlight++;
        bytesRead = region.bytesRead;
      },
      PIPELINE_REGION_BYTES,
      opts.phases,
    );
    check();
    worker.postMessage({ type: 'end' });
  }
}
