// The datasets domain's own settings rows (licence acceptance, download base URLs). They live in the
// settings table under 'datasets.*' keys, outside the Settings shape the Appearance pane edits.
import type { Database } from 'better-sqlite3';
import type { DatasetSource } from './types.ts';

const TERMS_KEY = 'datasets.termsAccepted';

function read<T>(db: Database, key: string): T | undefined {
  const v = db.prepare<[string], string>('SELECT value FROM settings WHERE key = ?').pluck().get(key);
  return v === undefined ? undefined : (JSON.parse(v) as T);
}

function write(db: Database, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

/** When the user accepted each source's terms (ISO time), if they did. */
export function termsAccepted(db: Database): Partial<Record<DatasetSource, string>> {
  return read<Partial<Record<DatasetSource, string>>>(db, TERMS_KEY) ?? {};
}

export function acceptTerms(db: Database, source: DatasetSource): void {
  write(db, TERMS_KEY, { ...termsAccepted(db), [source]: new Date().toISOString() });
}

/** A base URL set in settings ('datasets.movielensBaseUrl' / 'datasets.imdbBaseUrl'), if any. */
export function baseUrlSetting(db: Database, source: DatasetSource): string | undefined {
  return read<string>(db, `datasets.${source}BaseUrl`);
}

export function setBaseUrlSetting(db: Database, source: DatasetSource, url: string | null): void {
  if (url === null) db.prepare('DELETE FROM settings WHERE key = ?').run(`datasets.${source}BaseUrl`);
  else write(db, `datasets.${source}BaseUrl`, url);
}
