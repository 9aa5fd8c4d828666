// Migration 0005 on :memory:: marks (one per title, three kinds) and the implicit model per model
// version, deleted with its model.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0005 (recommend)', () => {
  it('creates the marks and implicit-model tables with their constraints', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version <= 5),
    );
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(5);
    const mark = db.prepare(
      "INSERT INTO recommend_marks (tconst, mark, marked_at) VALUES (?, ?, '2026-01-01')",
    );
    mark.run('tt0133093', 'seen');
    mark.run('tt0000002', 'watchlist');
    mark.run('tt0000003', 'not-interested');
    expect(() => mark.run('tt0133093', 'watchlist')).toThrow(/UNIQUE/);
    expect(() => mark.run('tt0000004', 'maybe')).toThrow(/CHECK/);
    const blob = Buffer.alloc(4);
    const implicit = db.prepare(
      "INSERT INTO recommend_implicit VALUES (?, '2026-01-01', '{}', 1, ?, ?, ?, ?)",
    );
    expect(() => implicit.run(7, blob, blob, blob, blob)).toThrow(/FOREIGN KEY/);
    const model = db
      .prepare(
        `INSERT INTO models (created_at, dim, epochs, seed, backend, threads, seconds, data, metrics, options, mu, noise_var,
           prior_var, item_ids, item_bias_mean, item_bias_var, item_factor_mean, item_factor_var, item_counts)
         VALUES ('2026-01-01', 1, 1, 1, 'js', 1, 1, '{}', '[]', '{}', 3.5, 1, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(blob, blob, blob, blob, blob, blob, blob).lastInsertRowid;
    implicit.run(model, blob, blob, blob, blob);
    db.prepare('DELETE FROM models WHERE id = ?').run(model);
    expect(db.prepare('SELECT count(*) FROM recommend_implicit').pluck().get()).toBe(0);
  });
});
