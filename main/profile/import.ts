// Stores a parsed IMDb export: matches each row to the catalogue by tconst, merges it into the
// profile (new and changed ratings update; an in-app rating is only replaced by an export row rated
// later; nothing is ever deleted), records every change as a rating event and logs the import with
// its rows, all in one transaction: a failure leaves the profile as it was.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from './catalogue.ts';
import type { ParsedExport } from './export/parse.ts';
import { skipReason } from './export/title-types.ts';
import type { ImportSummary } from './types.ts';

interface ExistingRating {
  rating: number;
  source: 'imported' | 'in-app';
  date_rated: string | null;
}

const bump = <K extends string>(o: Partial<Record<K, number>>, k: K) => {
  o[k] = (o[k] ?? 0) + 1;
};

export function storeImport(
  db: Database,
  parsed: ParsedExport,
  path: string,
  params: Pick<ModelParams, 'itemIds'> | null,
  now: Date = new Date(),
): ImportSummary {
  const started = performance.now();
  const at = now.toISOString();
  const sha256 = safeHash(path);
  const catalogue = hasCatalogue(db);
  const ids = movieIdsByTconst(
    db,
    parsed.rows.map((r) => r.tconst),
  );

  const summary: ImportSummary = {
    importId: 0,
    file: parsed.file,
    format: parsed.format,
    rows: parsed.rows.length,
    matched: 0,
    unmatched: 0,
    skipped: 0,
    byType: {},
    unmatchedByType: {},
    skippedByReason: {},
    rawTypes: parsed.rawTypeCounts,
    added: 0,
    changed: 0,
    unchanged: 0,
    keptInApp: 0,
    unrated: parsed.unrated,
    duplicates: parsed.duplicates,
    inModel: params ? 0 : null,
    importedAt: at,
    seconds: 0,
    note: null,
  };

  const insertImport = db.prepare(
    `INSERT INTO profile_imports (file, file_name, format, sha256, rows, matched, unmatched, skipped, summary, imported_at, seconds)
     VALUES (?, ?, ?, ?, 0, 0, 0, 0, '{}', ?, 0)`,
  );
  const finishImport = db.prepare(
    'UPDATE profile_imports SET rows = ?, matched = ?, unmatched = ?, skipped = ?, summary = ?, seconds = ? WHERE id = ?',
  );
  const insertRow = db.prepare(
    'INSERT INTO profile_import_rows (import_id, line, tconst, rating, title, year, title_type, raw_type, status, movie_id, reason, change) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
  );
  const getRating = db.prepare<[string], ExistingRating>(
    'SELECT rating, source, date_rated FROM profile_ratings WHERE tconst = ?',
  );
  const upsert = db.prepare(
    `INSERT INTO profile_ratings (tconst, rating, source, title, original_title, title_type, year, end_year, genres, date_rated, updated_at, import_id)
     VALUES (@tconst, @rating, 'imported', @title, @originalTitle, @titleType, @year, @endYear, @genres, @dateRated, @at, @importId)
     ON CONFLICT(tconst) DO UPDATE SET rating = excluded.rating, source = 'imported', title = excluded.title,
       original_title = excluded.original_title, title_type = excluded.title_type, year = excluded.year, end_year = excluded.end_year,
       genres = excluded.genres, date_rated = excluded.date_rated, updated_at = excluded.updated_at, import_id = excluded.import_id`,
  );
  const event = db.prepare(
    "INSERT INTO profile_rating_events (tconst, rating, previous, source, import_id, at) VALUES (?, ?, ?, 'import', ?, ?)",
  );

  db.transaction(() => {
    const importId = Number(insertImport.run(path, parsed.file, parsed.format, sha256, at).lastInsertRowid);
    summary.importId = importId;
    for (const row of parsed.rows) {
      bump(summary.byType, row.titleType);
      const reason = skipReason(row.titleType);
      const { movieId, item } = resolveItem(params, ids.get(row.tconst));
      let status: 'matched' | 'unmatched' | 'skipped';
      let change: string | null = null;
      if (reason) {
        status = 'skipped';
        summary.skipped++;
        summary.skippedByReason[reason] = (summary.skippedByReason[reason] ?? 0) + 1;
      } else {
        if (movieId !== null) {
          status = 'matched';
          summary.matched++;
          if (summary.inModel !== null && item >= 0) summary.inModel++;
        } else {
          status = 'unmatched';
          summary.unmatched++;
          bump(summary.unmatchedByType, row.titleType);
        }
        const existing = getRating.get(row.tconst);
        const newerThanInApp =
          existing?.source === 'in-app' &&
          row.dateRated !== null &&
          existing.date_rated !== null &&
          row.dateRated > existing.date_rated;
        if (existing?.source === 'in-app' && !newerThanInApp) {
          change = 'kept-in-app';
          summary.keptInApp++;
        } else if (existing && existing.rating === row.rating && existing.source === 'imported') {
          change = 'unchanged';
          summary.unchanged++;
        } else {
          change = existing ? 'changed' : 'added';
          if (existing) summary.changed++;
          else summary.added++;
          upsert.run({
            tconst: row.tconst,
            rating: row.rating,
            title: row.title || row.originalTitle || row.tconst,
            originalTitle: row.originalTitle,
            titleType: row.titleType,
            year: row.year,
            endYear: row.endYear,
            genres: row.genres || null,
            dateRated: row.dateRated,
            at,
            importId,
          });
          event.run(row.tconst, row.rating, existing?.rating ?? null, importId, at);
        }
      }
      insertRow.run(
        importId,
        row.line,
        row.tconst,
        row.rating,
        row.title,
        row.year,
        row.titleType,
        row.rawType,
        status,
        movieId,
        reason ?? null,
        change,
      );
    }
    summary.note = !catalogue
      ? 'Your ratings are stored. Import MovieLens (Settings → Data) so they can be matched to the films the model knows.'
      : params === null
        ? 'Your ratings are stored. Train the model (Settings → Training, or reeltaste train) to fit your taste from them.'
        : null;
    summary.seconds = (performance.now() - started) / 1000;
    finishImport.run(
      summary.rows,
      summary.matched,
      summary.unmatched,
      summary.skipped,
      JSON.stringify(summary),
      summary.seconds,
      importId,
    );
  })();
  return summary;
}

function safeHash(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}
