// Migration 0010 on :memory:: comparisons stored before it keep their ids and details, a tie can
// be stored ('=' with tie = 1, nothing else), and an undone comparison's id is still never reused.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0010 (comparison ties)', () => {
  it('keeps the comparisons and their id counter, and accepts ties', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version <= 9),
    );
    const insert = db.prepare(
      "INSERT INTO profile_comparisons (winner_tconst, loser_tconst, source, created_at, answer) VALUES (?, ?, 'arena', 'now', 'a')",
    );
    insert.run('tt1', 'tt2');
    insert.run('tt3', 'tt4');
    // The last one was undone: its id (2) must not come back.
    db.prepare('DELETE FROM profile_comparisons WHERE id = 2').run();
    migrate(
      db,
      migrations.filter((m) => m.version <= 10),
    );
    expect(schemaVersion(db)).toBe(10);
    expect(db.prepare('SELECT id, winner_tconst, answer, tie FROM profile_comparisons').all()).toEqual([
      { id: 1, winner_tconst: 'tt1', answer: 'a', tie: 0 },
    ]);
    const id = db
      .prepare(
        "INSERT INTO profile_comparisons (winner_tconst, loser_tconst, source, created_at, answer, tie) VALUES ('tt5', 'tt6', 'arena', 'now', '=', 1)",
      )
      .run().lastInsertRowid;
    expect(id).toBe(3);
    // A tie is '=' and only '=' is a tie.
    const bad = db.prepare(
      "INSERT INTO profile_comparisons (winner_tconst, loser_tconst, source, created_at, answer, tie) VALUES ('tt7', 'tt8', 'arena', 'now', ?, ?)",
    );
    expect(() => bad.run('a', 1)).toThrow(/CHECK/);
    expect(() => bad.run('=', 0)).toThrow(/CHECK/);
    const plan = db
      .prepare('EXPLAIN QUERY PLAN SELECT id FROM profile_comparisons WHERE session_id = 1')
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join()).toMatch(/profile_comparisons_session/);
  });
});
