// The Letterboxd import's table: every row of every import with how it matched (letterboxd_rows,
// migration 0006), the candidates of the rows left to resolve, and the user's picks.
import type { Database } from 'better-sqlite3';
import type { MatchHow, SearchHit } from '../../search/types.ts';
import type { UnresolvedRow } from './types.ts';

export interface LetterboxdRowRecord {
  importId: number;
  line: number;
  name: string;
  year: number | null;
  rating: number;
  date: string | null;
  status: 'matched' | 'ambiguous' | 'unmatched' | 'resolved';
  how: MatchHow | null;
  tconst: string | null;
  candidates: SearchHit[];
}

export function insertLetterboxdRow(db: Database, r: LetterboxdRowRecord): void {
  db.prepare(
    `INSERT INTO letterboxd_rows (import_id, line, name, year, rating, date_rated, status, how, tconst, candidates)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    r.importId,
    r.line,
    r.name,
    r.year,
    r.rating,
    r.date,
    r.status,
    r.how,
    r.tconst,
    JSON.stringify(r.candidates),
  );
}

interface RowData {
  line: number;
  name: string;
  year: number | null;
  rating: number;
  date_rated: string | null;
  status: LetterboxdRowRecord['status'];
  candidates: string;
}

/** One row of a Letterboxd import, or undefined. */
export function letterboxdRow(
  db: Database,
  importId: number,
  line: number,
): (RowData & { importId: number }) | undefined {
  const r = db
    .prepare<[number, number], RowData>('SELECT * FROM letterboxd_rows WHERE import_id = ? AND line = ?')
    .get(importId, line);
  return r && { ...r, importId };
}

/** The rows of an import the user still has to resolve, in file order. */
export function unresolvedRows(db: Database, importId: number): UnresolvedRow[] {
  return db
    .prepare<[number], RowData>(
      "SELECT * FROM letterboxd_rows WHERE import_id = ? AND status IN ('ambiguous', 'unmatched') ORDER BY line",
    )
    .all(importId)
    .map((r) => ({
      row: r.line,
      name: r.name,
      year: r.year,
      rating: r.rating,
      status: r.status as UnresolvedRow['status'],
      candidates: JSON.parse(r.candidates) as SearchHit[],
    }));
}

export function markResolved(db: Database, importId: number, line: number, tconst: string): void {
  db.prepare(
    "UPDATE letterboxd_rows SET status = 'resolved', how = 'picked', tconst = ? WHERE import_id = ? AND line = ?",
  ).run(tconst, importId, line);
}
