// The datasets domain's stored state. Dataset tables are replaced atomically: an import writes into
// staging_<table> copies (same DDL, read from sqlite_master so they can never drift from the
// migrations), and swap() moves them in with the datasets row in ONE transaction. Until then the
// live tables are untouched, so a failure or cancel loses nothing. Also the domain's settings rows.
import type { Database } from 'better-sqlite3';
import { dropAndReclaim } from '../db/space.ts';
import { deleteSetting, readSetting, writeSetting } from '../settings/store.ts';
import type { IngestOptions } from './parse/read.ts';
import type { DerivedTables } from '../services/context.ts';
import type { DatasetSource } from './types.ts';

export const STAGING_PREFIX = 'staging_';

/** Tables swapped by rename (nothing else may refer to them); the rest are refilled by copy, which
 * keeps indexes and any reference from other tables valid. */
const RENAMED = new Set(['ml_user_ratings']);

export function createStaging(db: Database, tables: string[]): void {
  for (const t of tables) {
    db.exec(`DROP TABLE IF EXISTS ${STAGING_PREFIX}${t}`);
    const ddl = db
      .prepare<[string], string>("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(t);
    if (!ddl) throw new Error(`No table ${t}: is the database migrated?`);
    db.exec(
      ddl.replace(
        /^CREATE (VIRTUAL )?TABLE\s+("?)(\w+)\2/,
        (_, v = '') => `CREATE ${v}TABLE ${STAGING_PREFIX}${t}`,
      ),
    );
  }
}

/**
 * Drops the staging tables a killed import left behind and gives their pages back to the disk.
 * Call it only while holding the folder's writer lock: every import holds it while its staging
 * tables exist, so whatever staging is there then has no owner left. Returns how many it dropped.
 */
export function dropStaleStaging(db: Database, dataDir: string): number {
  const stale = db
    .prepare<[], string>(
      `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '${STAGING_PREFIX}%'`,
    )
    .pluck()
    .all();
  if (stale.length > 0) dropAndReclaim(db, dataDir, stale);
  return stale.length;
}

export interface DatasetRecord {
  kind: string;
  source: string;
  version: string | null;
  counts: Record<string, number>;
  seconds: number;
}

export type { DerivedTables };

/** Stages and rebuilds every derived table set for an import replacing `replaced`; returns their names. */
export async function stageDerived(
  db: Database,
  derived: readonly DerivedTables[],
  replaced: readonly string[],
  opts: IngestOptions = {},
): Promise<string[]> {
  const names = derived.flatMap((d) => d.tables);
  createStaging(db, names);
  const source = (t: string) => (replaced.includes(t) ? STAGING_PREFIX + t : t);
  for (const d of derived) await d.build(source, opts);
  return names;
}

/** Moves staged tables live and records the datasets, all in one transaction; `renamed` are
 * swapped by rename whatever they are (derived tables). */
export function swap(db: Database, tables: string[], records: DatasetRecord[], renamed: string[] = []): void {
  const upsert = db.prepare(
    `INSERT INTO datasets(kind, source, version, counts, imported_at, seconds) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(kind) DO UPDATE SET source = excluded.source, version = excluded.version, counts = excluded.counts,
       imported_at = excluded.imported_at, seconds = excluded.seconds`,
  );
  db.transaction(() => {
    for (const t of [...tables, ...renamed]) {
      const staged = STAGING_PREFIX + t;
      if (RENAMED.has(t) || renamed.includes(t)) {
        db.exec(`DROP TABLE ${t}; ALTER TABLE ${staged} RENAME TO ${t}`);
      } else {
        db.exec(`DELETE FROM ${t}; INSERT INTO ${t} SELECT * FROM ${staged}; DROP TABLE ${staged}`);
      }
    }
    const now = new Date().toISOString();
    for (const r of records)
      upsert.run(r.kind, r.source, r.version, JSON.stringify(r.counts), now, r.seconds);
  })();
}

// Licence acceptance and download base URLs: rows of the settings table under 'datasets.*' keys.
const TERMS_KEY = 'datasets.termsAccepted';

/** When the user accepted each source's terms (ISO time), if they did. */
export function termsAccepted(db: Database): Partial<Record<DatasetSource, string>> {
  return readSetting<Partial<Record<DatasetSource, string>>>(db, TERMS_KEY) ?? {};
}

export function acceptTerms(db: Database, source: DatasetSource): void {
  writeSetting(db, TERMS_KEY, { ...termsAccepted(db), [source]: new Date().toISOString() });
}

/** A base URL set in settings ('datasets.movielensBaseUrl' / 'datasets.imdbBaseUrl'), if any. */
export function baseUrlSetting(db: Database, source: DatasetSource): string | undefined {
  return readSetting<string>(db, `datasets.${source}BaseUrl`);
}

export function setBaseUrlSetting(db: Database, source: DatasetSource, url: string | null): void {
  if (url === null) deleteSetting(db, `datasets.${source}BaseUrl`);
  else writeSetting(db, `datasets.${source}BaseUrl`, url);
}
