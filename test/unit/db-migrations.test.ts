// One test per migration on :memory:, plus the rules every migration run obeys: one transaction
// that sets user_version, and refusal of a database from a newer app.
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { latestVersion, migrate, openDatabase, schemaVersion } from '../../main/db/database.ts';
import { migrations, type Migration } from '../../main/db/migrations/index.ts';
import { tempDir } from '../support/tmp.ts';

const tables = (db: BetterSqlite3.Database) =>
  db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
    .all()
    .map((r) => r.name);

describe('migrations', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

  it('are numbered 1..n without gaps and named', () => {
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) expect(m.name).toMatch(/^[a-z0-9-]+$/);
  });

  it('0001 creates settings and datasets', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db, migrations.slice(0, 1));
    expect(tables(db)).toEqual(['datasets', 'settings']);
    db.prepare("INSERT INTO datasets VALUES ('movielens','x',NULL,'{}','2026-01-01',1.5)").run();
    expect(() => db.prepare("INSERT INTO settings VALUES ('k', X'00')").run()).toThrow(/cannot store BLOB/);
    expect(schemaVersion(db)).toBe(1);
  });

  it('runs all pending migrations once and is idempotent', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const after = tables(db);
    migrate(db);
    expect(tables(db)).toEqual(after);
    expect(schemaVersion(db)).toBe(latestVersion());
  });

  it('rolls back everything, user_version included, when a migration fails', () => {
    const db = new BetterSqlite3(':memory:');
    const broken: Migration[] = [
      ...migrations,
      { version: migrations.length + 1, name: 'ok', up: (d) => d.exec('CREATE TABLE t1 (x)') },
      { version: migrations.length + 2, name: 'bad', up: (d) => d.exec('CREATE TABLE oops (') },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(tables(db)).toEqual([]);
  });

  it('refuses a database written by a newer version, leaving it untouched', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'r.db');
    const raw = new BetterSqlite3(file);
    raw.pragma('user_version = 999');
    raw.close();
    expect(() => openDatabase(file)).toThrow(
      /newer version of Reeltaste \(schema 999; this version knows up to \d+\)/,
    );
    expect(() => openDatabase(file, { readonly: true })).toThrow(/newer version/);
    const check = new BetterSqlite3(file);
    expect(schemaVersion(check)).toBe(999);
    expect(tables(check)).toEqual([]);
    check.close();
  });

  it('opens the writer in WAL mode and readers read-only', () => {
    const dir = tempDir();
    dirs.push(dir);
    const file = join(dir.path, 'r.db');
    const writer = openDatabase(file);
    expect(writer.pragma('journal_mode', { simple: true })).toBe('wal');
    const reader = openDatabase(file, { readonly: true });
    expect(() => reader.prepare("INSERT INTO settings VALUES ('a','1')").run()).toThrow(/readonly/);
    reader.close();
    writer.close();
  });
});
