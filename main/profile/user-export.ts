// Everything the user gave the app, out again: ratings, comparisons, rating events and the import
// log, as one JSON document or as CSV files, so nothing is locked in.
import type { Database } from 'better-sqlite3';
import type { ExportedFile } from './types.ts';

type Row = Record<string, unknown>;

function tables(db: Database): Record<'ratings' | 'comparisons' | 'ratingEvents' | 'imports', Row[]> {
  return {
    ratings: db
      .prepare(
        'SELECT tconst, rating, source, title, original_title, title_type, year, end_year, genres, date_rated, updated_at FROM profile_ratings ORDER BY tconst',
      )
      .all() as Row[],
    comparisons: db
      .prepare(
        'SELECT id, winner_tconst, loser_tconst, source, created_at FROM profile_comparisons ORDER BY id',
      )
      .all() as Row[],
    ratingEvents: db
      .prepare(
        'SELECT id, tconst, rating, previous, source, import_id, at FROM profile_rating_events ORDER BY id',
      )
      .all() as Row[],
    imports: db
      .prepare(
        'SELECT id, file_name, format, sha256, rows, matched, unmatched, skipped, imported_at FROM profile_imports ORDER BY id',
      )
      .all() as Row[],
  };
}

export function toCsv(rows: Row[], columns: string[]): string {
  const cell = (v: unknown) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n') + '\n';
}

const columnsOf: Record<string, string[]> = {
  ratings: [
    'tconst',
    'rating',
    'source',
    'title',
    'original_title',
    'title_type',
    'year',
    'end_year',
    'genres',
    'date_rated',
    'updated_at',
  ],
  comparisons: ['id', 'winner_tconst', 'loser_tconst', 'source', 'created_at'],
  ratingEvents: ['id', 'tconst', 'rating', 'previous', 'source', 'import_id', 'at'],
  imports: ['id', 'file_name', 'format', 'sha256', 'rows', 'matched', 'unmatched', 'skipped', 'imported_at'],
};

export function exportProfile(db: Database, format: 'json' | 'csv', now = new Date()): ExportedFile[] {
  const data = tables(db);
  const stamp = now.toISOString().slice(0, 10);
  if (format === 'json') {
    return [
      {
        name: `reeltaste-profile-${stamp}.json`,
        mime: 'application/json',
        content: JSON.stringify({ exportedAt: now.toISOString(), ...data }, null, 2),
      },
    ];
  }
  const file = (key: keyof typeof data, name: string): ExportedFile => ({
    name: `reeltaste-${name}-${stamp}.csv`,
    mime: 'text/csv',
    content: toCsv(data[key], columnsOf[key]!),
  });
  return [
    file('ratings', 'ratings'),
    file('comparisons', 'comparisons'),
    file('ratingEvents', 'rating-events'),
    file('imports', 'imports'),
  ];
}
