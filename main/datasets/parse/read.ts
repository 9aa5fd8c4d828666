// Shared plumbing for importers: read a source entry region by region (turning stream failures
// into BAD_FILE errors that name the file), report byte progress, and run imports one at a time.
import { AppError } from '../../errors.ts';
import type { JobProgress } from '../../jobs/types.ts';
import { badFile } from './errors.ts';
import { lineRegions, type Region } from './lines.ts';
import type { SourceEntry } from './sources.ts';

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

export async function eachRegion(
  entry: SourceEntry,
  signal: AbortSignal | undefined,
  fn: (r: Region) => void | Promise<void>,
  regionBytes?: number,
): Promise<void> {
  const stream = await entry.open();
  try {
    for await (const region of lineRegions(stream, signal, regionBytes)) await fn(region);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw badFile(
      entry.label,
      `could not be read to the end (${(err as Error).message}); the file may be truncated or damaged.`,
    );
  } finally {
    stream.destroy();
  }
}

/** Byte-weighted progress over several files, with a share of the bar kept for the write phase. */
export class ByteProgress {
  private readonly total: number;
  private readonly readShare: number;
  private readonly onProgress?: (p: JobProgress) => void;
  private doneBefore = 0;
  rows = 0;

  constructor(totalBytes: number, onProgress?: (p: JobProgress) => void, readShare = 0.85) {
    this.total = Math.max(1, totalBytes);
    this.onProgress = onProgress;
    this.readShare = readShare;
  }

  reading(name: string, bytesInFile: number): void {
    const done = this.doneBefore + bytesInFile;
    this.onProgress?.({
      fraction: (this.readShare * done) / this.total,
      done,
      total: this.total,
      unit: 'bytes',
      message: `Reading ${name}: ${this.rows.toLocaleString('en-US')} rows`,
      metrics: { rows: this.rows },
    });
  }

  fileDone(size: number): void {
    this.doneBefore += size;
  }

  writing(message: string, fraction: number): void {
    this.onProgress?.({
      fraction: this.readShare + (1 - this.readShare) * Math.min(1, fraction),
      done: this.total,
      total: this.total,
      unit: 'bytes',
      message,
      metrics: { rows: this.rows },
    });
  }
}

let queue: Promise<unknown> = Promise.resolve();
let queued = 0;

/** Imports touch shared staging tables: run them one after another (onWait: this one must wait). */
export function serial<T>(fn: () => Promise<T>, onWait?: () => void): Promise<T> {
  if (queued > 0) onWait?.();
  queued++;
  const run = queue.then(() => fn()).finally(() => queued--);
  queue = run.catch(() => {});
  return run;
}
