// Settings persist as JSON per key in SQLite; the IPC schema refuses values the app cannot use.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/database.ts';
import { SettingsStore } from '../../main/settings/store.ts';
import { settingsPatchSchema } from '../../main/settings/schema.ts';

describe('settings', () => {
  it('starts from defaults and keeps what was saved across connections', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const store = new SettingsStore(db);
    expect(store.get()).toEqual({ theme: 'system', training: {}, catalogue: {} });
    store.update({ training: { dim: 32, epochs: 12, backend: 'native' } });
    store.update({ theme: 'dark' });
    expect(new SettingsStore(db).get()).toEqual({
      theme: 'dark',
      training: { dim: 32, epochs: 12, backend: 'native' },
      catalogue: {},
    });
  });

  it('refuses out-of-range training options and unknown keys', () => {
    expect(settingsPatchSchema.safeParse({ training: { dim: 20, threads: 4 } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ training: { dim: 0 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ training: { epochs: 2.5 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ training: { backend: 'cuda' } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ training: { lr: 1 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ catalogue: { minVotes: 500 } }).success).toBe(true);
    expect(settingsPatchSchema.safeParse({ catalogue: { minVotes: 0 } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ catalogue: { minVotes: 1.5 } }).success).toBe(false);
  });
});
