// The where-to-watch domain's stored state: the SQLite caches of migration 0011 and two settings
// rows under 'where.*' (the region chosen in Settings, and your services).
import type { Database } from 'better-sqlite3';
import { deleteSetting, readSetting, writeSetting } from '../settings/store.ts';
import type { RegionProviders, TitleProviders } from './tmdb.ts';
import type { Provider } from './types.ts';

const REGION = 'where.region';
const SERVICES = 'where.services';

export interface CachedTitle extends TitleProviders {
  fetchedAt: string;
}

export function readTitle(db: Database, tconst: string): CachedTitle | undefined {
  const row = db
    .prepare<
      [string],
      { media: 'movie' | 'tv' | null; tmdb_id: number | null; results: string; fetched_at: string }
    >('SELECT media, tmdb_id, results, fetched_at FROM where_titles WHERE tconst = ?')
    .get(tconst);
  if (!row) return undefined;
  return {
    media: row.media,
    tmdbId: row.tmdb_id,
    results: JSON.parse(row.results) as Record<string, RegionProviders>,
    fetchedAt: row.fetched_at,
  };
}

export function writeTitle(db: Database, tconst: string, t: TitleProviders, fetchedAt: string): void {
  db.prepare(
    `INSERT INTO where_titles VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(tconst) DO UPDATE SET media = excluded.media, tmdb_id = excluded.tmdb_id,
       results = excluded.results, fetched_at = excluded.fetched_at`,
  ).run(tconst, t.media, t.tmdbId, JSON.stringify(t.results), fetchedAt);
}

export function readProviderList(
  db: Database,
  region: string,
): { providers: Provider[]; fetchedAt: string } | undefined {
  const row = db
    .prepare<[string], { providers: string; fetched_at: string }>(
      'SELECT providers, fetched_at FROM where_provider_lists WHERE region = ?',
    )
    .get(region);
  return row && { providers: JSON.parse(row.providers) as Provider[], fetchedAt: row.fetched_at };
}

export function writeProviderList(
  db: Database,
  region: string,
  providers: Provider[],
  fetchedAt: string,
): void {
  db.prepare(
    `INSERT INTO where_provider_lists VALUES (?, ?, ?)
     ON CONFLICT(region) DO UPDATE SET providers = excluded.providers, fetched_at = excluded.fetched_at`,
  ).run(region, JSON.stringify(providers), fetchedAt);
}

export function readRegion(db: Database): string | undefined {
  return readSetting<string>(db, REGION);
}

export function writeRegion(db: Database, region: string | null): void {
  if (region === null) deleteSetting(db, REGION);
  else writeSetting(db, REGION, region);
}

export function readServices(db: Database): number[] {
  return readSetting<number[]>(db, SERVICES) ?? [];
}

export function writeServices(db: Database, ids: number[]): void {
  writeSetting(db, SERVICES, [...new Set(ids)]);
}
