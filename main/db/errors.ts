// SQLite's failures as the app's errors, mapped once here: each names the real cause (the disk, the
// folder's permissions, another process, a damaged file) and the folder it is about, instead of
// SQLite's bare "database or disk is full" or "attempt to write a readonly database".
import { accessSync, constants, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../errors.ts';
import { diskFullError, freeBytes } from './space.ts';
import { busyMessage, type LockHolder } from './writer-lock.ts';

/** Where the database lives: the data folder users know, and the file actually opened. */
export interface DbPlace {
  dataDir: string;
  dbFile: string;
  /** Who holds the folder's writer lock, for a BUSY message. */
  holder?(): LockHolder | null;
}

export function placeOf(dbFile: string): DbPlace {
  return { dataDir: dirname(dbFile), dbFile };
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/** Why `dir` cannot be written to, or null if it can. */
export function writeProblem(dir: string, file?: string): string | null {
  for (const path of file && existsSync(file) ? [dir, file] : [dir]) {
    try {
      accessSync(path, constants.W_OK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS') return 'it is on a read-only disk';
      if (code === 'ENOENT') return null;
      return path === dir ? 'you have no permission to write in it' : `${file} is read-only`;
    }
  }
  return null;
}

/** Why a folder is open read-only when its disk is full (writes then fail as DISK_FULL). */
export const FULL_DISK = 'the disk holding it is full';

export function readOnlyError(dataDir: string, why: string | null, action?: string): AppError {
  if (why === FULL_DISK) return diskFullError(dataDir);
  return new AppError(
    'READ_ONLY',
    `The data folder ${dataDir} is read-only${why ? ` (${why})` : ''}: ${action ? `${action} needs to write there. ` : ''}` +
      'Reeltaste can show what it holds but cannot change it. Make the folder writable, or choose another data folder (--data-dir).',
  );
}

/**
 * The app error for a SQLite (or file system) failure at `place`; anything else comes back as it
 * was. `neededBytes`: what the failed operation expected to write, for a full disk's message.
 */
export function translateDbError(err: unknown, place: DbPlace, neededBytes?: number): unknown {
  if (err instanceof AppError) return err;
  const mapped = mapDbError(err, place, neededBytes);
  // The original stays reachable for REELTASTE_DEBUG=1.
  if (mapped !== err && mapped instanceof Error) mapped.cause = err;
  return mapped;
}

function mapDbError(err: unknown, place: DbPlace, neededBytes?: number): unknown {
  const { dataDir, dbFile } = place;
  // A file system error counts only when it is about the data folder (not, say, an export's target).
  const fsErr = err as NodeJS.ErrnoException | null;
  if (fsErr?.path?.startsWith(dataDir)) {
    if (fsErr.code === 'ENOSPC') return diskFullError(dataDir, neededBytes);
    if (fsErr.code === 'EROFS' || fsErr.code === 'EACCES' || fsErr.code === 'EPERM')
      return readOnlyError(dataDir, writeProblem(dataDir));
  }
  const code = sqliteCode(err);
  const missing = () =>
    new AppError('CANNOT_OPEN', `Cannot open the database: the data folder ${dataDir} does not exist.`);
  // better-sqlite3 checks the folder itself, with a TypeError.
  if (!code) return /directory does not exist/.test((err as Error | null)?.message ?? '') ? missing() : err;
  const detail = (err as Error).message;
  if (code === 'SQLITE_FULL') return diskFullError(dataDir, neededBytes);
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM')
    return readOnlyError(dataDir, writeProblem(dataDir, dbFile));
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    const holder = place.holder?.() ?? null;
    return new AppError(
      'BUSY',
      `${holder ? busyMessage(holder) : 'busy: another process (a Reeltaste window or command) is using the database'}` +
        ` and did not let go of ${dbFile} within 5 s. Try again when it has finished; nothing was changed.`,
    );
  }
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new AppError(
      'DB_DAMAGED',
      `The database ${dbFile} is damaged (SQLite: ${detail}). Reeltaste did not change it: restore a backup, ` +
        'or move it away and Reeltaste starts a new one (your ratings can be imported again).',
    );
  if (code.startsWith('SQLITE_CANTOPEN')) {
    if (!existsSync(dataDir))
      return new AppError(
        'CANNOT_OPEN',
        `Cannot open the database: the data folder ${dataDir} does not exist.`,
      );
    const why = writeProblem(dataDir, dbFile);
    if (why) return readOnlyError(dataDir, why);
    return new AppError('CANNOT_OPEN', `Cannot open the database ${dbFile} (SQLite: ${detail}).`);
  }
  if (code.startsWith('SQLITE_IOERR')) {
    // Some writes report a full disk as an I/O error.
    const free = freeBytes(dataDir);
    if (free !== null && free < 1024 * 1024) return diskFullError(dataDir, neededBytes);
    return new AppError(
      'DISK_ERROR',
      `The disk holding ${dataDir} reported an error (SQLite: ${detail}, ${code}). Check the disk; nothing was changed.`,
    );
  }
  return err;
}

/** Wraps every function of `table` so what it throws (or rejects with) goes through `translate`. */
export function withTranslatedErrors<T extends object>(table: T, translate: (err: unknown) => unknown): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(table)) {
    out[name] = (...args: unknown[]) => {
      try {
        const r = (fn as (...a: unknown[]) => unknown)(...args);
        return r instanceof Promise ? r.catch((e: unknown) => Promise.reject(translate(e))) : r;
      } catch (e) {
        throw translate(e);
      }
    };
  }
  return out as T;
}
