// The one reader of the datasets table (what was imported, when, with what counts): status, the
// revision the worker's catalogue arrays are keyed on, and "is MovieLens there?".
import type { Database } from 'better-sqlite3';
import type { DatasetInfo } from '../status/types.ts';

interface DatasetRow {
  kind: string;
  source: string;
  version: string | null;
  counts: string;
  imported_at: string;
  seconds: number;
}

export function readDatasets(db: Database): DatasetInfo[] {
  const rows = db.prepare<[], DatasetRow>('SELECT * FROM datasets ORDER BY kind').all();
  return rows.map((r) => ({
    kind: r.kind,
    source: r.source,
    version: r.version,
    counts: JSON.parse(r.counts) as Record<string, number>,
    importedAt: r.imported_at,
    seconds: r.seconds,
  }));
}

export function hasDataset(db: Database, kind: string): boolean {
  return db.prepare('SELECT 1 FROM datasets WHERE kind = ?').pluck().get(kind) !== undefined;
}

/** Changes when any dataset is re-imported (arrays built from the catalogue must then be rebuilt). */
export function catalogueRevision(db: Database): string {
  return db
    .prepare<[], string>("SELECT coalesce(group_concat(kind || '@' || imported_at), '') FROM datasets")
    .pluck()
    .get()!;
}
