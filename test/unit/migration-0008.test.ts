// Migration 0008 on :memory:: sessions, not-seen marks, and profile_comparisons rebuilt with the
// answer's details, keeping existing rows and never reusing the id of a deleted comparison.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0008 (elicit)', () => {
  it('keeps comparisons, adds their details and the session tables', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version <= 7),
    );
    const now = '2026-01-01T00:00:00Z';
    db.prepare(
      "INSERT INTO profile_comparisons(winner_tconst, loser_tconst, source, created_at) VALUES ('tt1', 'tt2', 'arena', ?)",
    ).run(now);
    migrate(
      db,
      migrations.filter((m) => m.version <= 8),
    );
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(8);
    expect(db.prepare('SELECT * FROM profile_comparisons').get()).toMatchObject({
      id: 1,
      winner_tconst: 'tt1',
      loser_tconst: 'tt2',
      a_tconst: null,
      answer: null,
      flagged: 0,
      session_id: null,
    });
    const session = db
      .prepare("INSERT INTO elicit_sessions(kind, rule, started_at) VALUES ('calibrate', 'info', ?)")
      .run(now).lastInsertRowid;
    const insert = db.prepare(
      'INSERT INTO profile_comparisons(winner_tconst, loser_tconst, created_at, a_tconst, b_tconst, answer, p_a, ms, flagged, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const id = insert.run('tt3', 'tt4', now, 'tt4', 'tt3', 'b', 0.4, 812, 0, session).lastInsertRowid;
    expect(id).toBe(2);
    // An undone comparison's id is never given again (the fit's revision check relies on it).
    db.prepare('DELETE FROM profile_comparisons WHERE id = ?').run(id);
    expect(insert.run('tt3', 'tt4', now, 'tt4', 'tt3', 'b', 0.4, 90, 1, session).lastInsertRowid).toBe(3);
    expect(() => insert.run('tt3', 'tt4', now, 'tt4', 'tt3', 'c', 0.4, 90, 0, session)).toThrow(/CHECK/);
    expect(() => insert.run('tt3', 'tt4', now, 'tt4', 'tt3', 'a', 0.4, 90, 0, 99)).toThrow(/FOREIGN KEY/);
    expect(() =>
      db.prepare("INSERT INTO elicit_sessions(kind, rule, started_at) VALUES ('duel', 'info', ?)").run(now),
    ).toThrow(/CHECK/);
    db.prepare("INSERT INTO elicit_not_seen(tconst, session_id, at) VALUES ('tt5', ?, ?)").run(session, now);
    expect(() =>
      db
        .prepare("INSERT INTO elicit_not_seen(tconst, session_id, at) VALUES ('tt5', ?, ?)")
        .run(session, now),
    ).toThrow(/UNIQUE|PRIMARY/);
  });
});
