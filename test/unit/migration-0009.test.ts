// Migration 0009 on :memory:: directors imported before it move to imdb_principals as 'director'
// rows, and imdb_directors is gone.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0009 (principals)', () => {
  it('moves the directors across with their billing order', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version <= 8),
    );
    db.prepare(
      "INSERT INTO imdb_directors VALUES ('tt0133093', 5, 'nm0905154'), ('tt0133093', 6, 'nm0905152')",
    ).run();
    migrate(
      db,
      migrations.filter((m) => m.version <= 9),
    );
    expect(schemaVersion(db)).toBe(9);
    expect(db.prepare('SELECT * FROM imdb_principals ORDER BY ordering').all()).toEqual([
      { tconst: 'tt0133093', ordering: 5, nconst: 'nm0905154', category: 'director' },
      { tconst: 'tt0133093', ordering: 6, nconst: 'nm0905152', category: 'director' },
    ]);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).not.toContain('imdb_directors');
    const plan = db
      .prepare("EXPLAIN QUERY PLAN SELECT tconst FROM imdb_principals WHERE nconst = 'nm1'")
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/imdb_principals_nconst/);
  });
});
