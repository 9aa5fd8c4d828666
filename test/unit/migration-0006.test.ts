// Migration 0006 on :memory:: the search index tables (a trigram FTS5 table without positions that
// the staging copy can be made from), and letterboxd_rows with its checks and its cascade.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';
import { tmpdir } from 'node:os';
import { createStaging, dropStaleStaging } from '../../main/datasets/store.ts';
import { SEARCH_TABLES } from '../../main/search/store.ts';

describe('migration 0006 (search)', () => {
  it('creates the index tables and letterboxd_rows with their constraints', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version <= 6),
    );
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(6);
    const names = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(names).toEqual(expect.arrayContaining([...SEARCH_TABLES, 'letterboxd_rows']));
    // The full-text index finds a substring by its trigrams, in rowid (popularity) order.
    db.prepare('INSERT INTO search_fts (rowid, keys) VALUES (?, ?)').run(2, '^thematrix$ ^matrix$');
    db.prepare('INSERT INTO search_fts (rowid, keys) VALUES (?, ?)').run(1, '^matrixreloaded$');
    expect(
      db.prepare('SELECT rowid FROM search_fts WHERE search_fts MATCH \'"atr" AND "rix"\'').pluck().all(),
    ).toEqual([1, 2]);
    const title = db.prepare(
      "INSERT INTO search_titles (id, tconst, title, title_type, kind, names, keys) VALUES (?, 'tt0133093', 'The Matrix', 'movie', ?, 'the matrix', '^thematrix$')",
    );
    title.run(1, 'movie');
    expect(() => title.run(2, 'game')).toThrow(/CHECK/);
    // letterboxd_rows belong to a profile import and go with it.
    const importId = db
      .prepare(
        "INSERT INTO profile_imports(file, file_name, format, sha256, rows, matched, unmatched, skipped, summary, imported_at, seconds) VALUES ('f', 'f', 'letterboxd', '', 0, 0, 0, 0, '{}', 'now', 0)",
      )
      .run().lastInsertRowid;
    const row = db.prepare(
      "INSERT INTO letterboxd_rows (import_id, line, name, year, rating, status) VALUES (?, ?, 'Heat', 1995, ?, ?)",
    );
    row.run(importId, 2, 8, 'matched');
    expect(() => row.run(importId, 3, 11, 'matched')).toThrow(/CHECK/);
    expect(() => row.run(importId, 4, 8, 'guessed')).toThrow(/CHECK/);
    expect(() => row.run(99, 5, 8, 'matched')).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM profile_imports').run();
    expect(db.prepare('SELECT count(*) FROM letterboxd_rows').pluck().get()).toBe(0);
  });

  it('lets an import stage the index tables, the full-text one included, and drop them', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    createStaging(db, [...SEARCH_TABLES]);
    const staged = db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().all();
    expect(staged).toEqual(expect.arrayContaining(SEARCH_TABLES.map((t) => `staging_${t}`)));
    db.prepare("INSERT INTO staging_search_fts (rowid, keys) VALUES (1, '^dune$')").run();
    expect(dropStaleStaging(db, tmpdir())).toBeGreaterThan(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().get()).toBe(
      0,
    );
  });
});
