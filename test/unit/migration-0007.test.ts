// Migration 0007 on :memory:: models gain adapter and backend_reason; versions saved before it read
// back with both null, new ones keep what the trainer reported.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';

describe('migration 0007 (model backend)', () => {
  it('adds nullable adapter and backend_reason columns to models, keeping existing rows', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version <= 6),
    );
    const cols = () =>
      db
        .prepare<[], { name: string; notnull: number }>('PRAGMA table_info(models)')
        .all()
        .map((c) => c.name);
    expect(cols()).not.toContain('adapter');
    migrate(db, migrations);
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(7);
    expect(cols()).toEqual(expect.arrayContaining(['adapter', 'backend_reason']));
    const info = db.prepare<[], { name: string; notnull: number }>('PRAGMA table_info(models)').all();
    expect(
      info.filter((c) => c.name === 'adapter' || c.name === 'backend_reason').every((c) => c.notnull === 0),
    ).toBe(true);
  });
});
