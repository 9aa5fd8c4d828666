// Settings table access: one row per key, values as JSON so later issues add keys without migrations.
import type { Database } from 'better-sqlite3';
import { defaultSettings, type Settings } from './types.ts';

export class SettingsStore {
  private readonly db: Database;
  private readonly selectAll;
  private readonly upsert;
  constructor(db: Database) {
    this.db = db;
    this.selectAll = db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings');
    this.upsert = db.prepare<[string, string]>(
      'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
  }

  get(): Settings {
    const out: Record<string, unknown> = { ...defaultSettings };
    for (const row of this.selectAll.all()) {
      if (row.key in defaultSettings) out[row.key] = JSON.parse(row.value);
    }
    return out as unknown as Settings;
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch)) {
        if (value !== undefined) this.upsert.run(key, JSON.stringify(value));
      }
    })();
    return this.get();
  }
}
