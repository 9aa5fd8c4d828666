// The search domain's operations: title search (on the query thread, off main's event loop), the
// title page, the index rebuild (at every dataset import through the derived tables, or on first
// use for a data folder that predates it), and matching names and years to titles (what the
// profile's Letterboxd import asks of search).
import type { Database } from 'better-sqlite3';
import { abandonImport, runImport, STAGING_PREFIX, stageDerived, swap } from '../datasets/service.ts';
import { AppError } from '../errors.ts';
import { throwIfCancelled } from '../jobs/registry.ts';
import type { ModelService } from '../model/service.ts';
import type { RunHooks } from '../profile/types.ts';
import type { ProfileService } from '../profile/service.ts';
import type { AppContext, DerivedTables } from '../services/context.ts';
import { SEARCH_TABLES } from './store.ts';
import { titlePage } from './title-page.ts';
import { buildOnThread, QueryThread } from './threads.ts';
import type { RowMatch, SearchHit, SearchOptions, TitlePage, TitleQuery } from './types.ts';

export const MAX_LIMIT = 100;
/** Names matched per message to the search thread. */
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

  /**
   * The title each name and year stands for, where exactly one fits (how it matched), else the
   * likeliest candidates; in batches on the search thread, so progress shows, a cancel is heard and
   * search-box queries get their turns.
   */
  async match(entries: readonly TitleQuery[], hooks: RunHooks = {}): Promise<RowMatch[]> {
    await this.ready();
    if (!this.indexed) throw new AppError('NO_DATA', NO_CATALOGUE);
    const matches: RowMatch[] = [];
    const n = entries.length;
    for (let i = 0; i < n; i += MATCH_BATCH) {
      throwIfCancelled(hooks.signal);
      hooks.onProgress?.({
        message: `Matching your films by title and year (${i} of ${n})…`,
        fraction: 0.05 + (0.45 * i) / n,
        done: i,
        total: n,
        unit: 'films',
      });
      const batch = entries.slice(i, i + MATCH_BATCH).map(({ line, name, year }) => ({ line, name, year }));
      matches.push(...(await this.thread.match(batch)));
    }
    return matches;
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

// What other domains use of this one besides SearchService (the face: domains import only a
// domain's service.ts, types.ts, install.ts, handlers.ts and predictor.ts; the lint enforces it).
export { parseQuery, tierOf } from './rank.ts';
