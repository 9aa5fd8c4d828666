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

export function megabytes(bytes: number, round: (x: number) => number = Math.round): string {
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

/** Refuses a write of about `neededBytes` up front when the disk cannot hold it. */
export function assertFreeSpace(dataDir: string, neededBytes: number): void {
  const free = freeBytes(dataDir);
  if (free !== null && free < neededBytes) throw diskFullError(dataDir, neededBytes, true);
}

function fileBytes(db: Database): number {
  const pages = db.pragma('page_count', { simple: true }) as number;
  const size = db.pragma('page_size', { simple: true }) as number;
  return pages * size;
}

/**
 * Gives the pages of dropped tables back to the disk and empties the WAL. Databases created with
 * auto_vacuum = INCREMENTAL (every new one) shrink in place; an older one is rewritten once by VACUUM
 * (which also switches it to incremental) when the free pages are a large share and the disk has
 * room for the copy. Best effort: on a full disk each step may fail, and the next start tries again.
 */
export function reclaimSpace(db: Database, dataDir: string): void {
  const step = (fn: () => void) => {
    try {
      fn();
    } catch {
      // a full disk or another process's reader: the space comes back on a later try
    }
  };
  step(() => db.pragma('wal_checkpoint(TRUNCATE)'));
  const freePages = db.pragma('freelist_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  if (freePages > 0) {
    const mode = db.pragma('auto_vacuum', { simple: true }) as number;
    if (mode === 2) {
      step(() => db.pragma('incremental_vacuum'));
    } else if (freePages * pageSize > 0.2 * fileBytes(db)) {
      const room = freeBytes(dataDir);
      if (room !== null && room > 2.5 * fileBytes(db))
        step(() => {
          db.pragma('auto_vacuum = INCREMENTAL');
          db.exec('VACUUM');
        });
    }
  }
  step(() => db.pragma('wal_checkpoint(TRUNCATE)'));
}
