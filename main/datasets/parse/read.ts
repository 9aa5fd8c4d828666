// Shared plumbing for importers: read a source entry region by region (turning failures to read it
// into BAD_FILE errors that name the file), and report byte progress.
import { AppError } from '../../errors.ts';
import type { JobProgress } from '../../jobs/types.ts';
import { badFile } from '../../files/errors.ts';
import { LineTooLongError, lineRegions, MAX_LINE_BYTES, type Region } from './lines.ts';
import type { SourceEntry } from './sources.ts';
import type { PhaseTimes } from './phases.ts';

export interface IngestOptions {
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
  /** When given, filled with the seconds spent in each phase (the ingest benchmark reads it). */
  phases?: PhaseTimes;
  /** IMDb imports: the vote floor of the catalogue's titles whose crew is kept (default DEFAULT_MIN_VOTES). */
  minVotes?: number;
}

/**
 * Feeds `fn` the entry's regions of whole lines. Only a failure to READ the entry (a truncated zip
 * or gzip, a disk read error, a line too long to be this kind of file) is reported against the
 * file; whatever `fn` throws (a bad line, a full disk, cancel) passes through unchanged.
 */
export async function eachRegion(
  entry: SourceEntry,
  signal: AbortSignal | undefined,
  fn: (r: Region) => void | Promise<void>,
  regionBytes?: number,
  phases?: PhaseTimes,
): Promise<void> {
  const stream = await entry.open();
  const regions = lineRegions(stream, signal, regionBytes);
  try {
    for (;;) {
      let next: IteratorResult<Region>;
      // Writes that run while this waits on the file (pipelined imports) are not reading time.
      const t = phases ? performance.now() : 0;
      const writing = phases?.write ?? 0;
      try {
        next = await regions.next();
      } catch (err) {
        throw await readFailure(entry, err);
      }
      if (phases) phases.read += (performance.now() - t) / 1000 - (phases.write - writing);
      if (next.done) return;
      await fn(next.value);
    }
  } finally {
    stream.destroy();
    await regions.return(undefined).catch(() => {});
  }
}

/** The BAD_FILE error for a failure to read `entry` (a line too long, a truncated or damaged file). */
export async function readFailure(entry: SourceEntry, err: unknown): Promise<unknown> {
  if (err instanceof AppError) return err;
  if (err instanceof LineTooLongError) {
    const line = await lineAt(entry, err.offset).catch(() => null);
    return badFile(
      entry.label,
      `${line === null ? 'a line' : `line ${line}`} is longer than ${MAX_LINE_BYTES / (1 << 20)} MB: not ${entry.what ?? 'a file of this kind'}. Nothing was imported.`,
    );
  }
  return badFile(
    entry.label,
    `could not be read to the end (${(err as Error).message}); the file may be truncated or damaged.`,
  );
}

/** The number of the line starting at byte `offset` (re-reads the entry up to there: errors only). */
async function lineAt(entry: SourceEntry, offset: number): Promise<number> {
  const stream = await entry.open();
  let line = 1;
  let at = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = Math.min(chunk.length, offset - at);
      for (let i = chunk.indexOf(10); i !== -1 && i < end; i = chunk.indexOf(10, i + 1)) line++;
      at += chunk.length;
      if (at >= offset) break;
    }
  } finally {
    stream.destroy();
  }
  return line;
}

/**
 * Byte-weighted progress over several files, with a share of the bar kept for the write phase.
 * Bytes are kept per file, so files read at the same time (a MovieLens import reads movies.csv
 * while its ratings.csv is read on the parse worker) each add what they have read.
 */
export class ByteProgress {
  private readonly total: number;
  private readonly readShare: number;
  private readonly onProgress?: (p: JobProgress) => void;
  private readonly files = new Map<string, number>();
  private done = 0;
  rows = 0;

  constructor(totalBytes: number, onProgress?: (p: JobProgress) => void, readShare = 0.85) {
    this.total = Math.max(1, totalBytes);
    this.onProgress = onProgress;
    this.readShare = readShare;
  }

  reading(name: string, bytesInFile: number): void {
    this.done += bytesInFile - (this.files.get(name) ?? 0);
    this.files.set(name, bytesInFile);
    this.onProgress?.({
      fraction: (this.readShare * this.done) / this.total,
      done: this.done,
      total: this.total,
      unit: 'bytes',
      message: `Reading ${name}: ${this.rows.toLocaleString('en-US')} rows`,
      metrics: { rows: this.rows },
    });
  }

  fileDone(name: string, size: number): void {
    this.done += size - (this.files.get(name) ?? 0);
    this.files.set(name, size);
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
