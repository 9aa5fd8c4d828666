// Read-only lists of the profile tables for the views and the CLI: counts, the last import and its
// rows, and the comparisons with their titles.
import type { Database } from 'better-sqlite3';
import type { ProfileSummary } from '../status/types.ts';
import type { ComparisonRecord, ImportRow, ImportSummary } from './types.ts';

export function counts(db: Database): {
  ratings: number;
  imported: number;
  inApp: number;
  comparisons: number;
  imports: number;
} {
  const r = db
    .prepare<[], { ratings: number; imported: number; in_app: number }>(
      "SELECT count(*) AS ratings, coalesce(sum(source = 'imported'), 0) AS imported, coalesce(sum(source = 'in-app'), 0) AS in_app FROM profile_ratings",
    )
    .get()!;
  const comparisons = db.prepare('SELECT count(*) FROM profile_comparisons').pluck().get() as number;
  const imports = db.prepare('SELECT count(*) FROM profile_imports').pluck().get() as number;
  return { ratings: r.ratings, imported: r.imported, inApp: r.in_app, comparisons, imports };
}

export function lastImport(db: Database): ImportSummary | null {
  const s = db
    .prepare<[], string>('SELECT summary FROM profile_imports ORDER BY id DESC LIMIT 1')
    .pluck()
    .get();
  return s ? (JSON.parse(s) as ImportSummary) : null;
}

export function importRows(db: Database, importId: number): ImportRow[] {
  return db
    .prepare<[number], Record<string, unknown>>(
      'SELECT * FROM profile_import_rows WHERE import_id = ? ORDER BY line',
    )
    .all(importId)
    .map((r) => ({
      line: r.line as number,
      tconst: r.tconst as string,
      rating: r.rating as number,
      title: r.title as string,
      year: r.year as number | null,
      titleType: r.title_type as string,
      rawType: r.raw_type as string,
      status: r.status as ImportRow['status'],
      movieId: r.movie_id as number | null,
      reason: r.reason as string | null,
      change: r.change as string | null,
    }));
}

export function comparisonList(db: Database): ComparisonRecord[] {
  const rows = db
    .prepare<
      [],
      {
        id: number;
        winner_tconst: string;
        loser_tconst: string;
        source: string;
        created_at: string;
        wt: string | null;
        lt: string | null;
      }
    >(
      `SELECT c.*, (SELECT coalesce(r.title, m.title) FROM (SELECT 1) LEFT JOIN profile_ratings r ON r.tconst = c.winner_tconst LEFT JOIN movies m ON m.tconst = c.winner_tconst) AS wt,
              (SELECT coalesce(r.title, m.title) FROM (SELECT 1) LEFT JOIN profile_ratings r ON r.tconst = c.loser_tconst LEFT JOIN movies m ON m.tconst = c.loser_tconst) AS lt
       FROM profile_comparisons c ORDER BY c.id DESC`,
    )
    .all();
  return rows.map((r) => ({
    id: r.id,
    winner: { tconst: r.winner_tconst, title: r.wt ?? r.winner_tconst },
    loser: { tconst: r.loser_tconst, title: r.lt ?? r.loser_tconst },
    source: r.source,
    createdAt: r.created_at,
  }));
}

/** The stored summary of one import, or null. */
export function importSummary(db: Database, importId: number): ImportSummary | null {
  const s = db
    .prepare<[number], string>('SELECT summary FROM profile_imports WHERE id = ?')
    .pluck()
    .get(importId);
  return s ? (JSON.parse(s) as ImportSummary) : null;
}

/** The profile's piece of `status`: null until there is something ("Profile: none"). */
export function profileSummary(db: Database): ProfileSummary | null {
  const c = counts(db);
  return c.ratings + c.comparisons === 0 ? null : { ratings: c.ratings, comparisons: c.comparisons };
}
