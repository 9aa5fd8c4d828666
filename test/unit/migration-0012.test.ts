// Migration 0012 on :memory:: title.crew rows (director or writer, by list position) and one
// metadata-model blob per model version, deleted with its version.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0012 (crew and metadata models)', () => {
  it('creates imdb_crew and metadata_models', () => {
    const db = new BetterSqlite3(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(
      db,
      migrations.filter((m) => m.version < 12),
    );
    migrate(
      db,
      migrations.filter((m) => m.version <= 12),
    );
    expect(schemaVersion(db)).toBe(12);
    db.prepare(
      "INSERT INTO imdb_crew VALUES ('tt0133093', 'director', 0, 'nm0905154'), ('tt0133093', 'writer', 0, 'nm0905154')",
    ).run();
    expect(() => db.prepare("INSERT INTO imdb_crew VALUES ('tt0133093', 'actor', 0, 'nm1')").run()).toThrow(
      /CHECK constraint/,
    );
    const plan = db.prepare("EXPLAIN QUERY PLAN SELECT tconst FROM imdb_crew WHERE nconst = 'nm1'").all() as {
      detail: string;
    }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/imdb_crew_nconst/);
    const blob = Buffer.alloc(4);
    const model = (id: number) =>
      db
        .prepare(
          `INSERT INTO models (id, created_at, dim, epochs, seed, backend, threads, seconds, data, metrics, options,
             mu, noise_var, prior_var, item_ids, item_bias_mean, item_bias_var, item_factor_mean, item_factor_var, item_counts)
           VALUES (?, '2026-01-01', 1, 1, 1, 'js', 1, 1, '{}', '[]', '{}', 3.5, 0.8, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(id, blob, blob, blob, blob, blob, blob, blob);
    model(1);
    db.prepare("INSERT INTO metadata_models VALUES (1, '2026-01-01', ?, '{}')").run(blob);
    expect(() =>
      db.prepare("INSERT INTO metadata_models VALUES (2, '2026-01-01', ?, '{}')").run(blob),
    ).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM models WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM metadata_models').pluck().get()).toBe(0);
  });
});
