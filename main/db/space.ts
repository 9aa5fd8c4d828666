// Disk space around the database: how much is free where it lives, a check before a large write,
// and giving space back after a failed or killed import (dropped staging pages, a grown WAL).
import type { Database } from 'better-sqlite3';
import { statfsSync } from 'node:fs';
import { AppError } from '../errors.ts';

const MB = 1024 * 1024;

/** Bytes an unprivileged user may still write on the disk holding `dir`, or null if unknown. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

function megabytes(bytes: number, round: (x: number) => number = Math.round): string {
  return `${round(bytes / MB).toLocaleString('en-US')} MB`;
}

/** "the disk holding DIR is full (N MB free, about M MB needed)": the one wording for both cases. */
export function diskFullError(dataDir: string, neededBytes?: number, tooFull = false): AppError {
  const free = freeBytes(dataDir);
  const figures = [
    free === null ? null : `${megabytes(free, Math.floor)} free`,
    neededBytes ? `about ${megabytes(neededBytes, Math.ceil)} needed` : null,
  ].filter(Boolean);
  return new AppError(
    'DISK_FULL',
    `The disk holding ${dataDir} is ${tooFull ? 'too full for this import' : 'full'}` +
      `${figures.length ? ` (${figures.join(', ')})` : ''}. ` +
      'Free some space on it, or choose a data folder on another disk (--data-dir); nothing was changed.',
  );
}

/** Refuses a write of about `neededBytes` up front when the disk cannot hold it (and the reserve). */
export function assertFreeSpace(dataDir: string, neededBytes: number): SpaceGuard {
  const free = freeBytes(dataDir);
  if (free !== null && free < neededBytes + RESERVE_BYTES) throw diskFullError(dataDir, neededBytes, true);
  return new SpaceGuard(dataDir, neededBytes);
}

/** Free space a long write leaves untouched: enough to undo it (see SpaceGuard). */
const RESERVE_BYTES = 8 * MB;

/**
 * Stops a long write (an import) while the disk can still undo it. On a disk filled to the last
 * byte SQLite cannot even drop what was written: its WAL can only be emptied into a database file
 * that must grow first. Call check() before each write transaction (a statfs: microseconds).
 */
export class SpaceGuard {
  private readonly dataDir: string;
  private readonly neededBytes: number;

  constructor(dataDir: string, neededBytes: number) {
    this.dataDir = dataDir;
    this.neededBytes = neededBytes;
  }

  check(): void {
    const free = freeBytes(this.dataDir);
    if (free !== null && free < RESERVE_BYTES) throw diskFullError(this.dataDir, this.neededBytes);
  }
}

function fileBytes(db: Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

/** Empties the WAL into the database file and truncates it; false when it could not (a reader, a full disk). */
export function checkpoint(db: Database): boolean {
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    return r?.busy === 0;
  } catch {
    return false;
  }
}

/**
 * Drops `tables` and gives their pages back to the disk in the same transaction, so either both
 * happen or neither does: a disk too full even for this keeps them, and whoever finds them later
 * (dropStaleStaging) finishes the job. Databases created with auto_vacuum = INCREMENTAL (every new
 * one) shrink in place; an older one is rewritten once by VACUUM (which also switches it to
 * incremental) when the free pages are a large share and the disk has room for the copy.
 */
export function dropAndReclaim(db: Database, dataDir: string, tables: string[]): void {
  const incremental = db.pragma('auto_vacuum', { simple: true }) === 2;
  // Virtual tables first: dropping one drops its shadow tables, which may not be dropped directly.
  const isVirtual = db.prepare<[string], number>(
    "SELECT 1 FROM sqlite_master WHERE name = ? AND sql LIKE 'CREATE VIRTUAL%'",
  );
  const ordered = [...tables].sort((a, b) => Number(!isVirtual.get(a)) - Number(!isVirtual.get(b)));
  const dropAll = db.transaction(() => {
    for (const t of ordered) db.exec(`DROP TABLE IF EXISTS ${t}`);
    if (incremental) db.exec('PRAGMA incremental_vacuum');
  });
  try {
    dropAll();
  } catch (err) {
    // After a failed import its rolled-back frames still fill the WAL file: on a full disk, empty
    // it first (that frees the disk), then the drop has room.
    if (!checkpoint(db)) throw err;
    dropAll();
  }
  if (!incremental) {
    const free =
      (db.pragma('freelist_count', { simple: true }) as number) *
      (db.pragma('page_size', { simple: true }) as number);
    const room = freeBytes(dataDir);
    if (free > 0.2 * fileBytes(db) && room !== null && room > 2.5 * fileBytes(db)) {
      try {
        db.pragma('auto_vacuum = INCREMENTAL');
        db.exec('VACUUM');
      } catch {
        // the free pages are reused by the next import instead
      }
    }
  }
  checkpoint(db);
}
