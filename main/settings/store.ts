// The settings table: one row per key, values as JSON so later issues add keys without migrations.
// Every read and write of the table goes through here; domains keep their own rows under
// '<domain>.*' keys (outside the Settings shape the Appearance pane edits) with readSetting/writeSetting.
import type { Database } from 'better-sqlite3';
import { defaultSettings, type Settings } from './types.ts';

export function readSetting<T>(db: Database, key: string): T | undefined {
  const v = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);
  return v === undefined ? undefined : (JSON.parse(v) as T);
}

export function writeSetting(db: Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function deleteSetting(db: Database, key: string): void {
  db.prepare('DELETE FROM settings WHERE key = ?').run(key);
}

export class SettingsStore {
  private readonly db: Database;

  constructor(db: Database) {
    this.db = db;
  }

  get(): Settings {
    const out: Record<string, unknown> = { ...defaultSettings };
    const rows = this.db.prepare<[], { key: string; value: string }>('SELECT key, value FROM settings').all();
    for (const row of rows) if (row.key in defaultSettings) out[row.key] = JSON.parse(row.value);
    return out as unknown as Settings;
  }

  update(patch: Partial<Settings>): Settings {
    this.db.transaction(() => {
      for (const [key, value] of Object.entries(patch))
        if (value !== undefined) writeSetting(this.db, key, value);
    })();
    return this.get();
  }
}
