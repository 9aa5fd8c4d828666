// Builds the title search index from the catalogue tables: every IMDb title the importer kept
// (films, TV films, series, miniseries, specials) and every MovieLens film IMDb does not list,
// ranked by popularity (IMDb votes, then MovieLens votes) so that rowid order is popularity order.
// Names come from IMDb (primary and original title) and MovieLens (its title and the alternates in
// its parentheses). Writes in slices with a turn of the event loop between them: main stays
// responsive while a million titles are indexed.
import type { Database } from 'better-sqlite3';
import { throwIfCancelled } from '../jobs/registry.ts';
import type { JobProgress } from '../jobs/types.ts';
import { movieLensNames, nameForms } from '../catalogue/normalise.ts';
import type { SearchTable } from './store.ts';
import { trigramsOf } from './trigrams.ts';

/** The catalogue tables to read: the live ones, or the staged copies an import is about to swap in. */
export interface CatalogueTables {
  movies: string;
  imdbTitles: string;
  imdbRatings: string;
}

export interface BuildStats {
  titles: number;
  seconds: number;
}

interface SourceRow {
  id: number;
  tconst: string;
  title_type: string;
  primary_title: string | null;
  original_title: string | null;
  year: number | null;
  end_year: number | null;
  imdb_rating: number | null;
  imdb_votes: number | null;
  ml_titles: string | null;
}

/** Titles per write transaction: each commit flushes a full-text segment that the merge below
 * folds in again, so fewer, larger ones cost less (~0.1 s of a 59k-title build); 16k titles are
 * still ~0.2 s of work between cancel checks. */
const SLICE = 16_000;
/** FTS merge work per step (pages): small steps keep each write short. */
const MERGE_PAGES = 256;
const SERIES = new Set(['tvSeries', 'tvMiniSeries']);

/**
 * Fills `target(table)` (empty, same schema as the live search tables) from the catalogue.
 * Progress fractions run from 0 to 1 over the build.
 */
export async function buildSearchIndex(
  db: Database,
  source: CatalogueTables,
  target: (t: SearchTable) => string,
  opts: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {},
): Promise<BuildStats> {
  const started = performance.now();
  const { movies, imdbTitles, imdbRatings } = source;
  db.exec('DROP TABLE IF EXISTS temp.search_source');
  // One statement orders everything by popularity; rowids follow that order.
  db.exec(`
    CREATE TEMP TABLE search_source AS
    WITH ml AS (
      SELECT tconst, max(ml_votes) AS ml_votes, min(year) AS year, group_concat(title, char(31)) AS titles
      FROM ${movies} WHERE tconst IS NOT NULL GROUP BY tconst
    )
    SELECT * FROM (
      SELECT t.tconst, t.title_type, t.primary_title, t.original_title, t.start_year AS year, t.end_year,
             r.average_rating AS imdb_rating, r.num_votes AS imdb_votes, ml.ml_votes, ml.titles AS ml_titles
      FROM ${imdbTitles} t LEFT JOIN ${imdbRatings} r ON r.tconst = t.tconst LEFT JOIN ml ON ml.tconst = t.tconst
      UNION ALL
      SELECT ml.tconst, 'movie', NULL, NULL, ml.year, NULL, r.average_rating, r.num_votes, ml.ml_votes, ml.titles
      FROM ml LEFT JOIN ${imdbRatings} r ON r.tconst = ml.tconst
      WHERE NOT EXISTS (SELECT 1 FROM ${imdbTitles} t WHERE t.tconst = ml.tconst)
    )
    ORDER BY imdb_votes DESC NULLS LAST, ml_votes DESC NULLS LAST, tconst`);
  const total = db.prepare<[], number>('SELECT count(*) FROM temp.search_source').pluck().get()!;
  if (process.env.REELTASTE_DEBUG) console.error('source', (performance.now() - started) / 1000);
  const read = db.prepare<[number], SourceRow>(
    `SELECT rowid AS id, tconst, title_type, primary_title, original_title, year, end_year, imdb_rating, imdb_votes, ml_titles
     FROM temp.search_source WHERE rowid > ? ORDER BY rowid LIMIT ${SLICE}`,
  );
  const insertTitle = db.prepare(
    `INSERT INTO ${target('search_titles')} (id, tconst, title, original_title, year, end_year, title_type, kind, imdb_rating, imdb_votes, names, keys)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const fts = target('search_fts');
  const insertFts = db.prepare(`INSERT INTO ${fts} (rowid, keys) VALUES (?, ?)`);
  const counts = new Map<string, number>();
  const words = new Map<string, number>();
  let last = 0;
  try {
    for (;;) {
      throwIfCancelled(opts.signal);
      const rows = read.all(last);
      if (rows.length === 0) break;
      db.transaction(() => {
        for (const r of rows) {
          const row = indexRow(r);
          insertTitle.run(
            r.id,
            r.tconst,
            row.title,
            row.originalTitle,
            r.year,
            r.end_year,
            r.title_type,
            SERIES.has(r.title_type) ? 'series' : 'movie',
            r.imdb_rating,
            r.imdb_votes,
            row.spaced.join('\n'),
            row.keys,
          );
          insertFts.run(r.id, row.keys);
          for (const t of trigramsOf(row.keys)) counts.set(t, (counts.get(t) ?? 0) + 1);
          for (const w of new Set(row.spaced.flatMap((n) => n.split(' '))))
            words.set(w, (words.get(w) ?? 0) + 1);
        }
      })();
      last = rows[rows.length - 1]!.id;
      opts.onProgress?.({
        message: `Indexing titles for search (${last.toLocaleString('en-US')} of ${total.toLocaleString('en-US')})`,
        fraction: (0.9 * last) / Math.max(total, 1),
      });
      await new Promise((r) => setImmediate(r));
    }
    if (process.env.REELTASTE_DEBUG) console.error('rows', (performance.now() - started) / 1000);
    const insertTrigram = db.prepare(
      `INSERT INTO ${target('search_trigrams')} (trigram, titles) VALUES (?, ?)`,
    );
    const insertWord = db.prepare(`INSERT INTO ${target('search_words')} (word, titles) VALUES (?, ?)`);
    const sorted = <T>(m: Map<string, T>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    db.transaction(() => {
      for (const [t, n] of sorted(counts)) insertTrigram.run(t, n);
    })();
    const list = sorted(words);
    for (let i = 0; i < list.length; i += 50_000) {
      db.transaction(() => {
        for (const [w, n] of list.slice(i, i + 50_000)) insertWord.run(w, n);
      })();
      await new Promise((r) => setImmediate(r));
    }
    // Merge the index's segments in small steps (one 'optimize' would hold the thread for seconds).
    opts.onProgress?.({ message: 'Compacting the search index', fraction: 0.92 });
    // A negative page count merges every segment into one, a step at a time.
    const merge = db.prepare(`INSERT INTO ${fts} (${fts}, rank) VALUES ('merge', -${MERGE_PAGES})`);
    const changes = db.prepare<[], number>('SELECT total_changes()').pluck();
    for (;;) {
      throwIfCancelled(opts.signal);
      const before = changes.get()!;
      merge.run();
      // SQLite's documented test: fewer than 2 changes means the merge found nothing to do.
      if (changes.get()! - before < 2) break;
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    db.exec('DROP TABLE IF EXISTS temp.search_source');
  }
  return { titles: total, seconds: (performance.now() - started) / 1000 };
}

interface IndexRow {
  title: string;
  originalTitle: string | null;
  spaced: string[];
  /** Every compact form as ^form$, space-separated (the full-text column). */
  keys: string;
}

/** One title's display names and every form it can be found under. */
export function indexRow(
  r: Pick<SourceRow, 'tconst' | 'primary_title' | 'original_title' | 'ml_titles'>,
): IndexRow {
  const raw: string[] = [r.primary_title, r.original_title].filter((t): t is string => !!t);
  let title = r.primary_title;
  let originalTitle = r.original_title && r.original_title !== r.primary_title ? r.original_title : null;
  for (const mlTitle of r.ml_titles?.split('\u001f') ?? []) {
    const { main, alternates } = movieLensNames(mlTitle);
    if (title === null) {
      title = main;
      originalTitle = alternates[0] ?? null;
    }
    raw.push(main, ...alternates);
  }
  const spaced = new Set<string>();
  const keys = new Set<string>();
  for (const name of raw) {
    const forms = nameForms(name);
    forms.spaced.forEach((s) => spaced.add(s));
    forms.compact.forEach((k) => keys.add(k));
  }
  // A title made only of punctuation still needs a name to be listed under.
  if (spaced.size === 0) spaced.add(r.tconst);
  return {
    title: title ?? r.tconst,
    originalTitle,
    spaced: [...spaced],
    keys: [...keys].map((k) => `^${k}$`).join(' '),
  };
}
