// Opens the data folder's database for the services: read-write (migrated) when the folder can be
// written, else (no permission, a read-only disk, a disk full to the last byte) read-only so that
// status, export and recommendations still work. SQLite cannot
// read a WAL database in a folder where it may not create the -shm index beside it, so a read-only
// folder is read through a private copy in the temp folder (removed on close).
import type { Database } from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DB_FILE } from '../paths.ts';
import { latestVersion, openDatabase, schemaVersion } from './database.ts';
import { FULL_DISK, readOnlyError, translateDbError, writeProblem } from './errors.ts';

export interface OpenFolder {
  db: Database;
  /** The file worker processes open (the copy, for a read-only folder). */
  dbFile: string;
  /** Why the folder cannot be written to, or null when it can. */
  readOnly: string | null;
  close(): void;
}

export function openDataFolder(dataDir: string): OpenFolder {
  const dbFile = join(dataDir, DB_FILE);
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw translateDbError(err, { dataDir, dbFile });
  }
  let readOnly = writeProblem(dataDir, dbFile);
  if (!readOnly) {
    try {
      const db = openDatabase(dbFile);
      return { db, dbFile, readOnly: null, close: () => db.close() };
    } catch (err) {
      // A disk full to the last byte: SQLite cannot even rebuild its WAL index. Read a copy.
      if ((err as { code?: string }).code !== 'DISK_FULL' || !existsSync(dbFile)) throw err;
      readOnly = FULL_DISK;
    }
  }
  if (!existsSync(dbFile))
    throw readOnlyError(dataDir, readOnly, 'Creating its database (nothing has been imported there yet)');
  let copy: string | null = null;
  let db: Database;
  try {
    db = openDatabase(dbFile, { readonly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get(); // WAL: fails here without a -shm
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    if (!['CANNOT_OPEN', 'READ_ONLY', 'DISK_FULL', 'DISK_ERROR'].includes(code)) throw err;
    copy = mkdtempSync(join(tmpdir(), 'reeltaste-readonly-'));
    try {
      for (const suffix of ['', '-wal'])
        if (existsSync(dbFile + suffix)) copyFileSync(dbFile + suffix, join(copy, DB_FILE + suffix));
      db = openDatabase(join(copy, DB_FILE), { readonly: true });
    } catch (copyErr) {
      rmSync(copy, { recursive: true, force: true });
      throw translateDbError(copyErr, { dataDir, dbFile });
    }
  }
  const current = schemaVersion(db);
  if (current < latestVersion()) {
    db.close();
    if (copy) rmSync(copy, { recursive: true, force: true });
    throw readOnlyError(
      dataDir,
      readOnly,
      `Its database was made by an older Reeltaste and must be upgraded first (schema ${current} to ${latestVersion()}), which`,
    );
  }
  const tempDir = copy;
  return {
    db,
    dbFile: tempDir ? join(tempDir, DB_FILE) : dbFile,
    readOnly,
    close() {
      db.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
