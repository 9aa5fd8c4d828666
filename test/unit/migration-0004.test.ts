// Migration 0004 on :memory:: the profile tables exist with their keys and constraints.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0004 (profile)', () => {
  it('creates the profile tables with their constraints', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version <= 4),
    );
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(4);
    const names = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type='table'")
      .all()
      .map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'profile_imports',
        'profile_import_rows',
        'profile_ratings',
        'profile_comparisons',
        'profile_rating_events',
        'profile_fits',
      ]),
    );
    const now = '2026-01-01T00:00:00Z';
    const rate = db.prepare(
      "INSERT INTO profile_ratings(tconst, rating, source, title, title_type, updated_at) VALUES (?, ?, ?, 'T', 'movie', ?)",
    );
    rate.run('tt0133093', 9, 'imported', now);
    expect(() => rate.run('tt0133093', 8, 'imported', now)).toThrow(/UNIQUE/);
    expect(() => rate.run('tt0000001', 11, 'imported', now)).toThrow(/CHECK/);
    expect(() => rate.run('tt0000002', 5, 'guessed', now)).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO profile_comparisons(winner_tconst, loser_tconst, created_at) VALUES ('tt1', 'tt1', ?)",
        )
        .run(now),
    ).toThrow(/CHECK/);
    // An import row must belong to a logged import; deleting the import takes its rows.
    const row = db.prepare(
      "INSERT INTO profile_import_rows VALUES (?, 2, 'tt1', 7, 'T', 2000, 'movie', 'Film', 'matched', 1, NULL, 'added')",
    );
    expect(() => row.run(99)).toThrow(/FOREIGN KEY/);
    const id = db
      .prepare(
        "INSERT INTO profile_imports(file, file_name, format, sha256, rows, matched, unmatched, skipped, summary, imported_at, seconds) VALUES ('f', 'f', 'current', 'x', 1, 1, 0, 0, '{}', ?, 0)",
      )
      .run(now).lastInsertRowid;
    row.run(id);
    db.prepare('DELETE FROM profile_imports WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) FROM profile_import_rows').pluck().get()).toBe(0);
  });
});
