// Stores a matched Letterboxd export in the profile through the profile's ImportWriter and merge
// rules (the same as an IMDb export's: re-importing changes only what changed), logs every row with
// how it matched, and keeps the rows left to resolve with their candidates. Resolving one later
// (a pick in the app) adds its rating to the same import. All of it one transaction each.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors.ts';
import type { ModelParams } from '../../model/types.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from '../../catalogue/items.ts';
import { titleMeta } from '../../catalogue/titles.ts';
import { emptySummary, mergeRating, nextStepNote, safeHash } from '../import.ts';
import { importSummary } from '../lists.ts';
import { ImportWriter } from '../store.ts';
import { insertLetterboxdRow, letterboxdRow, markResolved } from './store.ts';
import type { MatchHow, RowMatch } from '../../search/types.ts';
import type { LetterboxdEntry, LetterboxdImportSummary } from './types.ts';
import type { ParsedLetterboxd } from './parse.ts';

type Params = Pick<ModelParams, 'itemIds'> | null;

export function storeLetterboxd(
  db: Database,
  parsed: ParsedLetterboxd,
  path: string,
  matches: RowMatch[],
  resolutions: ReadonlyMap<number, string>,
  params: Params,
  now: Date = new Date(),
): LetterboxdImportSummary {
  const started = performance.now();
  const at = now.toISOString();
  const byLine = new Map(matches.map((m) => [m.line, m]));
  const summary: LetterboxdImportSummary = {
    ...emptySummary(
      { file: parsed.file, format: 'letterboxd', unrated: parsed.unrated, duplicates: parsed.duplicates },
      0,
      {},
      params,
      at,
    ),
    letterboxd: {
      importId: 0,
      file: parsed.file,
      source: parsed.source,
      rows: parsed.entries.length,
      automatic: 0,
      byHow: {},
      resolved: 0,
      ambiguous: 0,
      unmatched: 0,
      unrated: parsed.unrated,
      duplicates: parsed.duplicates,
    },
  };
  const lb = summary.letterboxd;
  const w = new ImportWriter(db, at);
  w.run(() => {
    summary.importId = lb.importId = w.begin(path, parsed.file, 'letterboxd', safeHash(path));
    for (const e of parsed.entries) {
      const m = byLine.get(e.line);
      const picked = resolutions.get(e.line);
      const tconst = picked ?? (m?.status === 'matched' ? m.tconst : null);
      const record = {
        importId: summary.importId,
        line: e.line,
        name: e.name,
        year: e.year,
        rating: e.rating,
        date: e.date,
      };
      if (tconst) {
        const how: MatchHow = picked ? 'picked' : m!.how!;
        addRating(db, w, summary, params, e, tconst);
        if (picked) lb.resolved++;
        else lb.automatic++;
        lb.byHow[how] = (lb.byHow[how] ?? 0) + 1;
        insertLetterboxdRow(db, {
          ...record,
          status: picked ? 'resolved' : 'matched',
          how,
          tconst,
          candidates: [],
        });
      } else {
        const status = m?.status === 'ambiguous' ? 'ambiguous' : 'unmatched';
        lb[status]++;
        insertLetterboxdRow(db, {
          ...record,
          status,
          how: null,
          tconst: null,
          candidates: m?.candidates ?? [],
        });
      }
    }
    summary.note = nextStepNote(hasCatalogue(db), params !== null);
    summary.seconds = (performance.now() - started) / 1000;
    w.finish(summary);
  });
  return summary;
}

/** Gives an unresolved row of an import its title (the user's pick): rated, logged, counted. */
export function resolveRow(
  db: Database,
  importId: number,
  line: number,
  tconst: string,
  params: Params,
  now: Date = new Date(),
): LetterboxdImportSummary {
  const summary = importSummary(db, importId) as LetterboxdImportSummary | null;
  const row = letterboxdRow(db, importId, line);
  if (!summary || summary.format !== 'letterboxd' || !row)
    throw new AppError('NOT_FOUND', `There is no row ${line} in Letterboxd import ${importId}.`);
  const status = row.status;
  if (status !== 'ambiguous' && status !== 'unmatched')
    throw new AppError('INVALID_INPUT', `Row ${line} (${row.name}) already has a title.`);
  const w = new ImportWriter(db, now.toISOString());
  w.importId = importId;
  w.run(() => {
    const entry: LetterboxdEntry = {
      line,
      name: row.name,
      year: row.year,
      rating: row.rating,
      date: row.date_rated,
    };
    addRating(db, w, summary, params, entry, tconst);
    summary.letterboxd[status]--;
    summary.letterboxd.resolved++;
    summary.letterboxd.byHow.picked = (summary.letterboxd.byHow.picked ?? 0) + 1;
    markResolved(db, importId, line, tconst);
    w.finish(summary);
  });
  return summary;
}

/** One rated row into the profile: merged by the profile's rules, counted, logged. */
function addRating(
  db: Database,
  w: ImportWriter,
  summary: LetterboxdImportSummary,
  params: Params,
  e: LetterboxdEntry,
  tconst: string,
): void {
  const meta = titleMeta(db, tconst);
  if (!meta) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue (row ${e.line}: ${e.name}).`);
  const { movieId, item } = resolveItem(params, movieIdsByTconst(db, [tconst]).get(tconst));
  const type = meta.titleType as keyof typeof summary.byType;
  summary.rows++;
  summary.byType[type] = (summary.byType[type] ?? 0) + 1;
  summary.rawTypes.Letterboxd = (summary.rawTypes.Letterboxd ?? 0) + 1;
  if (movieId !== null) {
    summary.matched++;
    if (summary.inModel !== null && item >= 0) summary.inModel++;
  } else {
    summary.unmatched++;
    summary.unmatchedByType[type] = (summary.unmatchedByType[type] ?? 0) + 1;
  }
  const change = mergeRating(w, summary, {
    tconst,
    rating: e.rating,
    title: meta.title,
    originalTitle: null,
    titleType: meta.titleType,
    year: meta.year,
    endYear: null,
    genres: meta.genres,
    dateRated: e.date,
  });
  w.row({
    line: e.line,
    tconst,
    rating: e.rating,
    title: e.name,
    year: e.year,
    titleType: meta.titleType,
    rawType: 'Letterboxd',
    status: movieId !== null ? 'matched' : 'unmatched',
    movieId,
    reason: null,
    change,
  });
}
