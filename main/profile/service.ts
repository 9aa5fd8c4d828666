// Main-process side of the profile: imports exports (parse, merge, log) and then refits theta in
// the compute worker, stores the posterior it sends back, applies fast incremental updates for
// in-app ratings and comparisons, and plugs the domain into the services (drop route, status).
import { basename } from 'node:path';
import type { Services } from '../services/index.ts';
import type { DomainInstaller } from '../services/domains.ts';
import { AppError } from '../ipc/errors.ts';
import type { JobProgress } from '../jobs/types.ts';
import { loadActiveModel } from '../model/store.ts';
import type { ModelParams } from '../model/types.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from './catalogue.ts';
import { readExportFile, type ParsedExport } from './export/parse.ts';
import { storeImport } from './import.ts';
import { NO_MODEL_MESSAGE, type FitTaskInput, type FitTaskResult } from './fit-task.ts';
import { counts, fitSummary, lastImport, loadFit, observations, saveFit } from './store.ts';
import { IncrementalTheta } from './theta/incremental.ts';
import { DEFAULT_SLOPE } from './theta/fit.ts';
import { rememberBeforeRating, undoRating } from './undo.ts';
import type { FitSummary, ImportOutcome, ImportSummary, ProfileOverview } from './types.ts';

export interface RunHooks {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
}

type ActiveModel = ModelParams & { id: number };
const modelCache = new WeakMap<Services, ActiveModel>();

/** The active model, cached per services by id (a 25M model is ~10 MB of parameters). */
export function activeModel(s: Services): ActiveModel | null {
  const id = s.db.prepare<[], number>('SELECT id FROM models WHERE active = 1').pluck().get();
  if (id === undefined) return null;
  const cached = modelCache.get(s);
  if (cached?.id === id) return cached;
  const params = loadActiveModel(s.db);
  if (params) modelCache.set(s, params);
  return params;
}

export function overview(s: Services): ProfileOverview {
  const c = counts(s.db);
  const model = activeModel(s);
  const fit = model ? loadFit(s.db, model.id) : null;
  const catalogue = hasCatalogue(s.db);
  const rated = s.db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all();
  const ids = movieIdsByTconst(s.db, rated);
  let inModel = 0;
  if (model) for (const t of rated) if (resolveItem(model, ids.get(t)).item >= 0) inModel++;
  const nextStep = !catalogue
    ? 'Import MovieLens (Settings → Data) so your ratings can be matched to films.'
    : !model
      ? 'Train the model (Settings → Training) to fit your taste from your ratings.'
      : c.ratings + c.comparisons === 0
        ? 'Drop your IMDb ratings export on this window, or rate a few films below.'
        : null;
  return {
    ratings: c.ratings,
    imported: c.imported,
    inApp: c.inApp,
    comparisons: c.comparisons,
    matched: ids.size,
    inModel: model ? inModel : null,
    hasCatalogue: catalogue,
    hasModel: model !== null,
    fit: fit ? fitSummary(fit) : null,
    lastImport: lastImport(s.db),
    imports: c.imports,
    nextStep,
  };
}

/** Parses an export (throws BAD_FILE before anything is written), then merges it. */
export function importParsed(s: Services, parsed: ParsedExport, path: string): ImportSummary {
  const summary = storeImport(s.db, parsed, path, activeModel(s));
  incremental.delete(s);
  s.statusChanged();
  return summary;
}

export type { ImportOutcome };

/** Import + refit: what `import-ratings` and a dropped export do. */
export async function importRatings(
  s: Services,
  path: string,
  hooks: RunHooks = {},
  parsed?: ParsedExport,
): Promise<ImportOutcome> {
  hooks.onProgress?.({ message: `Reading ${basename(path)}…`, fraction: 0.05 });
  const summary = importParsed(s, parsed ?? readExportFile(path), path);
  let fit: FitSummary | null = null;
  let fitError: string | null = null;
  if (activeModel(s) && (summary.inModel ?? 0) > 0) {
    hooks.onProgress?.({ message: 'Fitting your taste…', fraction: 0.5 });
    try {
      fit = await updateFit(s, hooks);
    } catch (err) {
      if (err instanceof AppError && err.code === 'CANCELLED') throw err;
      // The ratings are stored either way; say why the fit did not happen.
      fitError = (err as Error).message;
    }
  }
  return { ...summary, fit, fitError };
}

/** Recomputes theta from scratch in the worker and stores it (`update`). */
export async function updateFit(s: Services, hooks: RunHooks = {}): Promise<FitSummary> {
  if (!activeModel(s)) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
  const input: FitTaskInput = { dbFile: s.dbFile };
  let result: FitTaskResult;
  // A fit runs in the worker for a while: if ratings or comparisons changed meanwhile (an arena
  // answer, an undo), its result is stale and would overwrite newer updates, so fit again.
  for (let attempt = 1; ; attempt++) {
    const revision = profileRevision(s);
    result = await s.worker.run<FitTaskResult>('fit-theta', input, {
      signal: hooks.signal,
      onProgress: hooks.onProgress,
    });
    if (hooks.signal?.aborted)
      throw new AppError('CANCELLED', 'The fit was cancelled; your previous profile is unchanged.');
    if (profileRevision(s) === revision) {
      staleFit.delete(s);
      break;
    }
    if (attempt === 3) break; // still changing: save this one, and the background loop goes on
  }
  saveFit(s.db, result.modelId, result.posterior, 'full');
  incremental.delete(s);
  s.statusChanged();
  return { ...fitSummary(loadFit(s.db, result.modelId)!), seconds: result.seconds };
}

/**
 * Profiles whose stored fit no longer matches the data in a way an incremental step cannot mend (a
 * changed or removed rating). Until a full fit lands, new answers are stored but not stacked on the
 * stale fit; the background refit picks them up.
 */
const staleFit = new WeakSet<Services>();
const refits = new WeakMap<Services, Promise<void>>();

/** Marks the fit stale and makes sure one background refit runs until the fit is current again. */
function refitInBackground(s: Services): void {
  staleFit.add(s);
  if (refits.has(s)) return; // the running loop notices the new revision and fits again
  const loop = (async () => {
    for (let round = 0; round < 5 && staleFit.has(s) && activeModel(s); round++) await updateFit(s);
  })()
    .catch(() => {}) // a failed background fit leaves the previous one; `update` reports errors
    .finally(() => refits.delete(s));
  refits.set(s, loop);
}

/** Resolves once no background refit is running (tests, and the CLI before it exits). */
export function backgroundFitSettled(s: Services): Promise<void> {
  return refits.get(s) ?? Promise.resolve();
}

/** Changes whenever a rating or comparison is written (every change logs an event or a comparison row). */
function profileRevision(s: Services): string {
  return s.db
    .prepare<[], string>(
      "SELECT (SELECT COALESCE(MAX(id), 0) FROM profile_rating_events) || ':' || (SELECT COALESCE(MAX(id), 0) FROM profile_comparisons)",
    )
    .pluck()
    .get()!;
}

const incremental = new WeakMap<Services, { modelId: number; state: IncrementalTheta }>();

/**
 * The incremental state over the stored fit, rebuilt after every full fit, import or model change.
 * Take it before storing the new observation: without a stored fit it is built from the database.
 */
function incrementalState(s: Services, model: ActiveModel): IncrementalTheta {
  const cached = incremental.get(s);
  if (cached?.modelId === model.id) return cached.state;
  const stored = loadFit(s.db, model.id);
  const obs = observations(s.db, model);
  let state: IncrementalTheta;
  if (stored) {
    state = new IncrementalTheta(model, stored.posterior, obs.ratings, obs.comparisons);
  } else {
    state = IncrementalTheta.fresh(model, DEFAULT_SLOPE);
    for (const r of obs.ratings) state.addRating(r);
    for (const c of obs.comparisons) state.addComparison(c);
  }
  incremental.set(s, { modelId: model.id, state });
  return state;
}

function itemOf(s: Services, model: ActiveModel, tconst: string): number {
  return resolveItem(model, movieIdsByTconst(s.db, [tconst]).get(tconst)).item;
}

function titleOf(
  s: Services,
  tconst: string,
): { title: string; year: number | null; genres: string | null } | null {
  return (
    s.db
      .prepare<[string], { title: string; year: number | null; genres: string | null }>(
        'SELECT title, year, genres FROM movies WHERE tconst = ? LIMIT 1',
      )
      .get(tconst) ??
    s.db
      .prepare<[string], { title: string; year: number | null; genres: string | null }>(
        'SELECT primary_title AS title, start_year AS year, genres FROM imdb_titles WHERE tconst = ?',
      )
      .get(tconst) ??
    null
  );
}

/** A pairwise answer from the arena: stored, then theta updated incrementally (milliseconds). */
export function addComparison(
  s: Services,
  winner: string,
  loser: string,
  source = 'arena',
): FitSummary | null {
  if (winner === loser) throw new AppError('INVALID_INPUT', 'A comparison needs two different titles.');
  const model = activeModel(s);
  // The state is taken before the insert, so a state built from the database does not count it twice.
  const state = model && !staleFit.has(s) ? incrementalState(s, model) : null;
  s.db
    .prepare(
      'INSERT INTO profile_comparisons (winner_tconst, loser_tconst, source, created_at) VALUES (?, ?, ?, ?)',
    )
    .run(winner, loser, source, new Date().toISOString());
  let fit: FitSummary | null = null;
  if (model && state) {
    const w = itemOf(s, model, winner);
    const l = itemOf(s, model, loser);
    if (w >= 0 && l >= 0) {
      saveFit(s.db, model.id, state.addComparison({ winner: w, loser: l }), 'incremental');
      fit = fitSummary(loadFit(s.db, model.id)!);
    }
  } else if (model) {
    refitInBackground(s);
  }
  s.statusChanged();
  return fit;
}

/** A rating entered in the app (quick start, Rate view): stored with an event, theta updated. */
export function rateInApp(s: Services, tconst: string, rating: number): FitSummary | null {
  const meta = titleOf(s, tconst);
  if (!meta)
    throw new AppError(
      'NOT_FOUND',
      `${tconst} is not in the catalogue: import MovieLens or the IMDb title files first.`,
    );
  const now = new Date().toISOString();
  const previous = s.db
    .prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?')
    .pluck()
    .get(tconst);
  const model = activeModel(s);
  // Before the write, so a state built from the database does not count this rating twice.
  const state = model && previous === undefined && !staleFit.has(s) ? incrementalState(s, model) : null;
  const type =
    s.db
      .prepare<[string], string>('SELECT title_type FROM imdb_titles WHERE tconst = ?')
      .pluck()
      .get(tconst) ?? 'movie';
  rememberBeforeRating(s.db, tconst);
  s.db.transaction(() => {
    s.db
      .prepare(
        `INSERT INTO profile_ratings (tconst, rating, source, title, title_type, year, genres, date_rated, updated_at)
         VALUES (?, ?, 'in-app', ?, ?, ?, ?, ?, ?)
         ON CONFLICT(tconst) DO UPDATE SET rating = excluded.rating, source = 'in-app', date_rated = excluded.date_rated, updated_at = excluded.updated_at`,
      )
      .run(tconst, rating, meta.title, type, meta.year, meta.genres, now.slice(0, 10), now);
    s.db
      .prepare(
        "INSERT INTO profile_rating_events (tconst, rating, previous, source, at) VALUES (?, ?, ?, 'in-app', ?)",
      )
      .run(tconst, rating, previous ?? null, now);
  })();
  let fit: FitSummary | null = null;
  if (model) {
    const item = itemOf(s, model, tconst);
    // A changed rating needs the old term removed: only a full fit can do that.
    if (item >= 0 && state) {
      saveFit(s.db, model.id, state.addRating({ item, rating }), 'incremental');
      fit = fitSummary(loadFit(s.db, model.id)!);
    } else if (item >= 0) {
      refitInBackground(s);
    }
  }
  s.statusChanged();
  return fit;
}

/** Takes back the last in-app rating of tconst; the fit is redone from scratch (a removed term cannot be subtracted). */
export function undoRateInApp(s: Services, tconst: string): void {
  undoRating(s, tconst);
  // The stored fit and the cached incremental state still count the removed rating.
  incremental.delete(s);
  if (activeModel(s)) refitInBackground(s);
  s.statusChanged();
}

/** Starts an import as a job (drops and File → Import); the job's result is the ImportOutcome. */
export function startImport(
  s: Services,
  path: string,
  parsed: ParsedExport,
): { id: string; done: Promise<ImportOutcome> } {
  return s.jobs.start('profile/import', `Importing your ratings (${basename(path)})`, (ctx) =>
    importRatings(s, path, { signal: ctx.signal, onProgress: ctx.progress }, parsed),
  );
}

export function startUpdate(s: Services): { id: string; done: Promise<FitSummary> } {
  if (!activeModel(s)) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
  return s.jobs.start('profile/fit', 'Fitting your taste', (ctx) =>
    updateFit(s, { signal: ctx.signal, onProgress: ctx.progress }),
  );
}

export const installProfile: DomainInstaller = (s) => {
  // null until there is something: `status` then says "Profile: none".
  s.statusParts.profile = (db) => {
    const c = counts(db);
    return c.ratings + c.comparisons === 0 ? null : { ratings: c.ratings, comparisons: c.comparisons };
  };
  s.files.register(['imdb-export-csv'], async (paths) => {
    // Parse every file first: a file that is not an export is rejected before anything starts.
    const parsed = paths.map((p) => ({ path: p, parsed: readExportFile(p) }));
    let chain: Promise<unknown> = Promise.resolve();
    const ids = parsed.map(
      ({ path, parsed: p }) =>
        new Promise<string>((resolve) => {
          // One after another: each merge sees the previous one.
          chain = chain.then(() => {
            const job = startImport(s, path, p);
            resolve(job.id);
            return job.done.catch(() => {});
          });
        }),
    );
    return { jobId: await ids[0] };
  });
};
