// Opens the app's single SQLite file. The writer (main process / CLI) migrates it; every other
// process opens it read-only. A database written by a newer app version is refused, never touched.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { placeOf, translateDbError } from './errors.ts';
import { migrations, type Migration } from './migrations/index.ts';

export interface OpenOptions {
  readonly?: boolean;
  /** Override for tests; defaults to the app's full migration list. */
  migrations?: readonly Migration[];
}

export function openDatabase(file: string, options: OpenOptions = {}): Database {
  const list = options.migrations ?? migrations;
  const readonly = options.readonly ?? false;
  let db: Database;
  try {
    db = new BetterSqlite3(file, { readonly, fileMustExist: readonly });
  } catch (err) {
    throw translateDbError(err, placeOf(file));
  }
  try {
    db.pragma('busy_timeout = 5000');
    // First, before anything that could write (journal mode, migrations): a newer database is
    // refused exactly as it was found.
    assertNotNewer(db, latestVersion(list), file);
    db.pragma('foreign_keys = ON');
    if (!readonly) {
      // A new file: pages freed by dropped tables can then go back to the disk (db/space.ts).
      if (db.pragma('page_count', { simple: true }) === 0) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, list);
    }
    return db;
  } catch (err) {
    db.close();
    throw translateDbError(err, placeOf(file));
  }
}

export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotNewer(db: Database, latest: number, file: string): void {
  const current = schemaVersion(db);
  if (current > latest) {
    throw new AppError(
      'DB_TOO_NEW',
      `The database ${file} was written by a newer version of Reeltaste (schema ${current}; this version knows up to ${latest}). ` +
        'Update the app, or choose another data folder. Nothing was changed.',
    );
  }
}

/** Runs every pending migration in one transaction that also sets user_version: all or nothing. */
export function migrate(db: Database, list: readonly Migration[] = migrations): void {
  const latest = latestVersion(list);
  assertNotNewer(db, latest, db.name);
  const current = schemaVersion(db);
  const pending = [...list].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return;
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${latest}`);
  })();
}
