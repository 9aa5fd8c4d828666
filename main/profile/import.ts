// Merges a parsed IMDb export into the profile: matches each row to the catalogue by tconst, decides
// what changes (new and changed ratings update; an in-app rating is only replaced by an export row
// rated later; nothing is ever deleted) and writes it through the store's ImportWriter: every change
// as a rating event, the import logged with its rows, all in one transaction.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import type { ParsedExport } from './imdb-export/parse.ts';
import { skipReason } from './imdb-export/title-types.ts';
import { ImportWriter, type ImportedRating } from './store.ts';
import type { ImportSummary } from './types.ts';

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

  const summary = emptySummary(
    { file: parsed.file, format: parsed.format, unrated: parsed.unrated, duplicates: parsed.duplicates },
    parsed.rows.length,
    parsed.rawTypeCounts,
    params,
    at,
  );

  const w = new ImportWriter(db, at);
  w.run(() => {
    summary.importId = w.begin(path, parsed.file, parsed.format, sha256);
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
        change = mergeRating(w, summary, {
          tconst: row.tconst,
          rating: row.rating,
          title: row.title || row.originalTitle || row.tconst,
          originalTitle: row.originalTitle,
          titleType: row.titleType,
          year: row.year,
          endYear: row.endYear,
          genres: row.genres || null,
          dateRated: row.dateRated,
        });
      }
      w.row({
        line: row.line,
        tconst: row.tconst,
        rating: row.rating,
        title: row.title,
        year: row.year,
        titleType: row.titleType,
        rawType: row.rawType,
        status,
        movieId,
        reason: reason ?? null,
        change,
      });
    }
    summary.note = nextStepNote(catalogue, params !== null);
    summary.seconds = (performance.now() - started) / 1000;
    w.finish(summary);
  });
  return summary;
}

/** The file's sha256 (empty when it cannot be read again): logged with every import. */
export function safeHash(path: string): string {
  try {
    return createHash('sha256').update(readFileSync(path)).digest('hex');
  } catch {
    return '';
  }
}

export type MergeChange = 'added' | 'changed' | 'unchanged' | 'kept-in-app';

/**
 * Merges one imported rating into the profile through the writer (any importer: IMDb exports,
 * Letterboxd): new and changed ratings update; an in-app rating is only replaced by a row rated
 * later; nothing is deleted. Counts the change in the summary and returns it.
 */
export function mergeRating(
  w: ImportWriter,
  summary: Pick<ImportSummary, 'added' | 'changed' | 'unchanged' | 'keptInApp'>,
  r: ImportedRating,
): MergeChange {
  const existing = w.existing(r.tconst);
  const newerThanInApp =
    existing?.source === 'in-app' &&
    r.dateRated !== null &&
    existing.date_rated !== null &&
    r.dateRated > existing.date_rated;
  if (existing?.source === 'in-app' && !newerThanInApp) {
    summary.keptInApp++;
    return 'kept-in-app';
  }
  if (existing && existing.rating === r.rating && existing.source === 'imported') {
    summary.unchanged++;
    return 'unchanged';
  }
  if (existing) summary.changed++;
  else summary.added++;
  w.upsert(r, existing?.rating ?? null);
  return existing ? 'changed' : 'added';
}

/** What an import tells the user to do next when the ratings cannot be used yet. */
export function nextStepNote(hasCatalogue: boolean, hasModel: boolean): string | null {
  if (!hasCatalogue)
    return 'Your ratings are stored. Import MovieLens (Settings → Data) so they can be matched to the films the model knows.';
  if (!hasModel)
    return 'Your ratings are stored. Train the model (Settings → Training, or reeltaste train) to fit your taste from them.';
  return null;
}

/** An import's summary before any row is counted (an IMDb export's, or a Letterboxd one's base). */
export function emptySummary(
  source: Pick<ImportSummary, 'file' | 'format' | 'unrated' | 'duplicates'>,
  rows: number,
  rawTypes: Record<string, number>,
  params: Pick<ModelParams, 'itemIds'> | null,
  importedAt: string,
): ImportSummary {
  return {
    importId: 0,
    ...source,
    rows,
    matched: 0,
    unmatched: 0,
    skipped: 0,
    byType: {},
    unmatchedByType: {},
    skippedByReason: {},
    rawTypes,
    added: 0,
    changed: 0,
    unchanged: 0,
    keptInApp: 0,
    inModel: params ? 0 : null,
    importedAt,
    seconds: 0,
    note: null,
  };
}
