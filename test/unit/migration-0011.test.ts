// Migration 0011 on :memory:: the where-to-watch cache tables, one row per title (all regions) and
// one per region's provider list; a media kind other than movie/tv is refused. Runs on top of
// whatever migrations precede it, so it does not depend on 0010's number or content.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0011 (where to watch)', () => {
  it('creates the title and provider-list caches', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version < 11),
    );
    migrate(
      db,
      migrations.filter((m) => m.version <= 11),
    );
    expect(schemaVersion(db)).toBe(11);
    db.prepare(
      "INSERT INTO where_titles VALUES ('tt0114709', 'movie', 862, '{}', '2026-01-01T00:00:00Z')",
    ).run();
    db.prepare(
      "INSERT INTO where_titles VALUES ('tt0000404', NULL, NULL, '{}', '2026-01-01T00:00:00Z')",
    ).run();
    expect(() =>
      db.prepare("INSERT INTO where_titles VALUES ('tt1', 'film', 1, '{}', '2026-01-01')").run(),
    ).toThrow(/CHECK constraint/);
    db.prepare("INSERT INTO where_provider_lists VALUES ('GB', '[]', '2026-01-01T00:00:00Z')").run();
    expect(() =>
      db.prepare("INSERT INTO where_provider_lists VALUES ('GB', '[]', '2026-01-02')").run(),
    ).toThrow(/UNIQUE/);
  });
});
