// The search domain's operations: title search (on the query thread, off main's event loop), the
// title page, the index rebuild (at every dataset import through the derived tables, or on first
// use for a data folder that predates it), and Letterboxd imports matched through the index and
// stored through the profile's import path.
import { basename } from 'node:path';
import type { Database } from 'better-sqlite3';
import { abandonImport, runImport } from '../datasets/exclusive.ts';
import { STAGING_PREFIX, stageDerived, swap, type DerivedTables } from '../datasets/store.ts';
import { AppError } from '../errors.ts';
import { throwIfCancelled } from '../jobs/registry.ts';
import type { ModelService } from '../model/service.ts';
import { titleMeta } from '../catalogue/titles.ts';
import type { RunHooks } from '../profile/types.ts';
import type { ProfileService } from '../profile/service.ts';
import type { AppContext } from '../services/context.ts';
import { resolveRow, storeLetterboxd } from './letterboxd/import.ts';
import type { ParsedLetterboxd } from './letterboxd/parse.ts';
import { SEARCH_TABLES, unresolvedRows } from './store.ts';
import { titlePage } from './title-page.ts';
import { buildOnThread, QueryThread } from './threads.ts';
import type {
  LetterboxdOutcome,
  RowMatch,
  SearchHit,
  SearchOptions,
  TitlePage,
  UnresolvedRow,
} from './types.ts';

export const MAX_LIMIT = 100;
/** Letterboxd rows matched per message to the search thread. */
const MATCH_BATCH = 100;

const NO_CATALOGUE =
  'There are no titles to search yet: import MovieLens or the IMDb title files first (Settings → Data, or reeltaste ingest).';

export class SearchService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private readonly profile: ProfileService;
  private readonly thread: QueryThread;
  private indexed = false;
  private indexing: Promise<void> | null = null;

  /** The search index as tables derived from the datasets: every import rebuilds it on a thread. */
  readonly derived: DerivedTables;

  constructor(app: AppContext, deps: { model: ModelService; profile: ProfileService }) {
    this.app = app;
    this.model = deps.model;
    this.profile = deps.profile;
    this.thread = new QueryThread(app.dbFile);
    this.derived = {
      tables: SEARCH_TABLES,
      build: async (source, opts) => {
        const tables = {
          movies: source('movies'),
          imdbTitles: source('imdb_titles'),
          imdbRatings: source('imdb_ratings'),
        };
        await buildOnThread(app.dbFile, tables, STAGING_PREFIX, opts);
      },
    };
  }

  /** Titles for a query, best first: `search --json` and the rate flow's search. */
  async search(query: string, opts: SearchOptions = {}): Promise<SearchHit[]> {
    const o = checkOptions(opts);
    if (query.trim() === '') return [];
    await this.ready();
    return this.thread.search(query, o);
  }

  /** The same for a search box: a newer query from the same client drops this one if not started (null). */
  async latest(client: string, query: string, opts: SearchOptions = {}): Promise<SearchHit[] | null> {
    const o = checkOptions(opts);
    if (query.trim() === '') return [];
    await this.ready();
    return this.thread.latest(client, query, o);
  }

  title(tconst: string): TitlePage {
    return titlePage(this.app.db, tconst, this.model.active(), this.profile.predictor());
  }

  /** Rebuilds the index from the live catalogue as a job (one import or rebuild at a time). */
  rebuild(): { id: string; done: Promise<void> } {
    const { app } = this;
    return app.jobs.start('search/index', 'Indexing titles for search', (ctx) => {
      const opts = { signal: ctx.signal, onProgress: ctx.progress };
      // Writes staging tables and swaps like an import, so it takes the folder's writer lock as one.
      return runImport(app, opts, async () => {
        const names = this.derived.tables.slice();
        try {
          await stageDerived(app.db, [this.derived], [], opts);
          swap(app.db, [], [], names);
        } catch (err) {
          throw abandonImport(app, names, err, 0);
        }
      });
    });
  }

  /** Imports a parsed export as a job (parse first: a bad file is refused before anything starts). */
  startLetterboxdImport(
    path: string,
    parsed: ParsedLetterboxd,
    resolutions: ReadonlyMap<number, string> = new Map(),
  ): { id: string; done: Promise<LetterboxdOutcome> } {
    this.checkResolutions(parsed, resolutions);
    return this.app.jobs.start(
      'search/letterboxd',
      `Importing your Letterboxd ratings (${basename(path)})`,
      (ctx) =>
        this.importLetterboxd(path, parsed, resolutions, { signal: ctx.signal, onProgress: ctx.progress }),
    );
  }

  async importLetterboxd(
    path: string,
    parsed: ParsedLetterboxd,
    resolutions: ReadonlyMap<number, string>,
    hooks: RunHooks = {},
  ): Promise<LetterboxdOutcome> {
    await this.ready();
    if (!this.indexed) throw new AppError('NO_DATA', NO_CATALOGUE);
    // In batches: progress shows, a cancel is heard, and search-box queries get their turns.
    const matches: RowMatch[] = [];
    const n = parsed.entries.length;
    for (let i = 0; i < n; i += MATCH_BATCH) {
      throwIfCancelled(hooks.signal);
      hooks.onProgress?.({
        message: `Matching your films by title and year (${i} of ${n})…`,
        fraction: 0.05 + (0.45 * i) / n,
        done: i,
        total: n,
        unit: 'films',
      });
      matches.push(...(await this.thread.match(parsed.entries.slice(i, i + MATCH_BATCH))));
    }
    const db = this.app.db;
    const outcome = await this.profile.importWith(
      () => storeLetterboxd(db, parsed, path, matches, resolutions, this.model.active()),
      hooks,
    );
    return { ...outcome, unresolved: unresolvedRows(db, outcome.importId) };
  }

  /** The user's pick for a row the import could not match: stored as its rating, then refitted. */
  async resolveLetterboxd(importId: number, row: number, tconst: string): Promise<LetterboxdOutcome> {
    const db = this.app.db;
    if (!titleMeta(db, tconst)) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
    const outcome = await this.profile.importWith(() =>
      resolveRow(db, importId, row, tconst, this.model.active()),
    );
    return { ...outcome, unresolved: unresolvedRows(db, importId) };
  }

  unresolved(importId: number): UnresolvedRow[] {
    return unresolvedRows(this.app.db, importId);
  }

  shutdown(): void {
    this.thread.close();
  }

  /** Waits for the index: a data folder with a catalogue but no index (older data) is indexed once. */
  private async ready(): Promise<void> {
    if (this.indexed) return;
    this.indexed = hasRows(this.app.db, 'search_titles');
    if (this.indexed || !(hasRows(this.app.db, 'movies') || hasRows(this.app.db, 'imdb_titles'))) return;
    this.indexing ??= this.rebuild().done.finally(() => (this.indexing = null));
    await this.indexing;
    this.indexed = hasRows(this.app.db, 'search_titles');
  }

  private checkResolutions(parsed: ParsedLetterboxd, resolutions: ReadonlyMap<number, string>): void {
    const lines = new Set(parsed.entries.map((e) => e.line));
    for (const [row, tconst] of resolutions) {
      if (!lines.has(row))
        throw new AppError(
          'INVALID_INPUT',
          `--resolve ${row}=${tconst}: ${parsed.file} has no rated film on line ${row}.`,
        );
      if (!titleMeta(this.app.db, tconst))
        throw new AppError('NOT_FOUND', `--resolve ${row}=${tconst}: ${tconst} is not in the catalogue.`);
    }
  }
}

function hasRows(db: Database, table: string): boolean {
  return db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined;
}

function checkOptions(opts: SearchOptions): SearchOptions {
  const { limit, type, year } = opts;
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT))
    throw new AppError('INVALID_INPUT', `--limit must be a whole number from 1 to ${MAX_LIMIT}.`);
  if (type !== undefined && type !== 'movie' && type !== 'series')
    throw new AppError('INVALID_INPUT', '--type must be movie or series.');
  if (year !== undefined && !(Number.isInteger(year) && year >= 1870 && year <= 2100))
    throw new AppError('INVALID_INPUT', '--year must be a year like 1999.');
  return { limit, type, year };
}
