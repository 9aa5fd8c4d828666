// The profile domain's operations: imports of IMDb exports (parse, merge, log, then a fit), ratings
// and comparisons made in the app (stored, then folded into the fit by the Fitter), undo, and the
// overview the Profile view and `status` show.
import { basename } from 'node:path';
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import type { ModelService } from '../model/service.ts';
import { titleMeta } from '../catalogue/titles.ts';
import { Fitter, type RunHooks } from './fitter.ts';
import type { FitModel } from './fit-model.ts';
import { readPredictor, type Predictor } from './predictor.ts';
import { titleMetadataOf } from '../model/service.ts';
import { catalogueMinVotes } from '../model/service.ts';
import { readExportFile, type ParsedExport } from './imdb-export/parse.ts';
import { storeImport } from './import.ts';
import { profileOverview } from './overview.ts';
import {
  comparisonById,
  deleteComparison,
  insertComparison,
  ratingOf,
  writeInAppRating,
  type NewComparison,
} from './store.ts';
import { NO_MODEL_MESSAGE } from './tasks.ts';
import { RatingUndo } from './undo.ts';
import { factorInsights, quickStart, ratingsWithPredictions } from './insights.ts';
import { comparisonList, importRows, profileSummary } from './lists.ts';
import { exportProfile } from './user-export.ts';
import type {
  ComparisonRecord,
  ExportedFile,
  FactorInsight,
  FitSummary,
  ImportOutcome,
  ImportRow,
  ImportSummary,
  ProfileChange,
  ProfileOverview,
  ProfileRating,
  QuickStartFilm,
} from './types.ts';

export class ProfileService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private readonly fitter: Fitter;
  private readonly undo: RatingUndo;

  constructor(app: AppContext, model: ModelService) {
    this.app = app;
    this.model = model;
    this.fitter = new Fitter(app, model, () => this.changed(['fit']));
    this.undo = new RatingUndo(app.db);
  }

  overview(): ProfileOverview {
    return profileOverview(this.app.db, this.model.active());
  }

  /** Import + fit: what `import-ratings` and a dropped export do. Parses first (BAD_FILE before any write). */
  async importRatings(path: string, hooks: RunHooks = {}, parsed?: ParsedExport): Promise<ImportOutcome> {
    hooks.onProgress?.({ message: `Reading ${basename(path)}…`, fraction: 0.05 });
    return this.importWith(
      () => storeImport(this.app.db, parsed ?? readExportFile(path), path, this.model.active()),
      hooks,
    );
  }

  /**
   * Any importer's path: `write` stores the ratings (one transaction, through the store's
   * ImportWriter), then the fit restarts from them and, when the model knows any, runs.
   */
  async importWith<S extends ImportSummary>(
    write: () => S,
    hooks: RunHooks = {},
  ): Promise<S & { fit: FitSummary | null; fitError: string | null }> {
    const summary = write();
    this.fitter.reset();
    this.changed(['ratings']);
    let fit: FitSummary | null = null;
    let fitError: string | null = null;
    // Titles the model has no item for but its metadata places (newer films, series) count too.
    const placed = () => this.fitter.fitModel()?.placed.size ?? 0;
    if (this.model.active() && ((summary.inModel ?? 0) > 0 || placed() > 0)) {
      hooks.onProgress?.({ message: 'Fitting your taste…', fraction: 0.5 });
      try {
        fit = await this.fitter.fit(hooks);
      } catch (err) {
        if (err instanceof AppError && err.code === 'CANCELLED') throw err;
        fitError = (err as Error).message; // the ratings are stored either way: say why no fit
      }
    }
    return { ...summary, fit, fitError };
  }

  startImport(path: string, parsed: ParsedExport): { id: string; done: Promise<ImportOutcome> } {
    return this.app.jobs.start('profile/import', `Importing your ratings (${basename(path)})`, (ctx) =>
      this.importRatings(path, { signal: ctx.signal, onProgress: ctx.progress }, parsed),
    );
  }

  /** Fits theta from scratch (`update`; the IPC channel profile/update). */
  fit(hooks: RunHooks = {}): Promise<FitSummary> {
    return this.fitter.fit(hooks);
  }

  startFit(): { id: string; done: Promise<FitSummary> } {
    if (!this.model.active()) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
    return this.app.jobs.start('profile/fit', 'Fitting your taste', (ctx) =>
      this.fitter.fit({ signal: ctx.signal, onProgress: ctx.progress }),
    );
  }

  /** A rating entered in the app (quick start, Rate view): stored with an event, theta updated. */
  rate(tconst: string, rating: number): FitSummary | null {
    const { db } = this.app;
    const meta = titleMeta(db, tconst);
    if (!meta)
      throw new AppError(
        'NOT_FOUND',
        `${tconst} is not in the catalogue: import MovieLens or the IMDb title files first.`,
      );
    const previous = ratingOf(db, tconst);
    this.undo.remember(tconst);
    const fit = this.fitter.observe(
      () => writeInAppRating(db, { tconst, rating, ...meta }, previous ?? null),
      { tconst, rating, replacing: previous !== undefined },
    );
    this.changed(fit ? ['ratings', 'fit'] : ['ratings']);
    return fit;
  }

  /** Takes back the last in-app rating of tconst; a removed term cannot be subtracted, so the fit is redone. */
  undoRate(tconst: string): void {
    this.undo.undo(tconst);
    if (this.model.active()) this.fitter.refitInBackground();
    this.changed(['ratings']);
  }

  /** A pairwise answer: stored, then theta updated incrementally (milliseconds). */
  compare(winner: string, loser: string, source = 'arena'): FitSummary | null {
    return this.recordComparison({ winner, loser, source }).fit;
  }

  /**
   * A pairwise answer with how it was asked (the arena, the rate flow): stored, then folded into
   * theta at once. Answers of the rate flow reach the fit through the rating they produce instead.
   */
  recordComparison(c: NewComparison): { id: number; fit: FitSummary | null } {
    if (c.winner === c.loser) throw new AppError('INVALID_INPUT', 'A comparison needs two different titles.');
    let id = 0;
    const write = () => void (id = insertComparison(this.app.db, c));
    let fit: FitSummary | null = null;
    if (c.source === 'rate') write();
    else fit = this.fitter.observe(write, { winner: c.winner, loser: c.loser, tie: c.tie });
    this.changed(fit ? ['comparisons', 'fit'] : ['comparisons']);
    return { id, fit };
  }

  /** Takes an answer back for good: the row goes and the fit forgets it (at once, or by a refit). */
  undoComparison(id: number): FitSummary | null {
    const row = comparisonById(this.app.db, id);
    if (!row) throw new AppError('NOT_FOUND', `There is no comparison #${id} to undo.`);
    const remove = () => deleteComparison(this.app.db, id);
    let fit: FitSummary | null = null;
    if (row.source === 'rate') remove();
    else fit = this.fitter.forget(remove, row);
    this.changed(fit ? ['comparisons', 'fit'] : ['comparisons']);
    return fit;
  }

  /**
   * The model your fit runs over: the active one plus the titles of your profile (and `extra`, say
   * titles marked seen) it has no item for, placed by their metadata (null: no model). The arena
   * poses those titles through it like trained films.
   */
  fitModel(extra: readonly string[] = []): FitModel | null {
    return this.fitter.fitModel(extra);
  }

  /** Whether a background refit is running (after an undo or a changed rating). */
  refitting(): boolean {
    return this.fitter.refitting;
  }

  /**
   * Your taste at prediction time for the active model: model, posterior, title → item, predict
   * (null: no model, or nothing fitted yet). Read it once per request and pass it on.
   */
  /** `minVotes`: the catalogue's vote floor (Settings → Data unless given, as `predict --min-votes`). */
  predictor(minVotes = catalogueMinVotes(this.app.settings.get())): Predictor | null {
    const model = this.model.active();
    if (!model) return null;
    const metadata = this.model.metadata();
    const { db } = this.app;
    // Titles outside MovieLens (newer films, series) placed by the version's metadata model.
    const placed = metadata
      ? (t: string) => {
          const m = titleMetadataOf(db, t, minVotes);
          return m && metadata.posterior(m);
        }
      : undefined;
    return readPredictor(db, model, undefined, placed);
  }

  /** Tells the UI what changed, with the new counts and overview (its stores patch from them). */
  private changed(what: ProfileChange[]): void {
    const { db, events } = this.app;
    events.emit('profile/changed', { profile: profileSummary(db), overview: this.overview(), changed: what });
  }

  /** Your ratings, newest first, each with its predicted rating where the model knows the title. */
  ratings(): ProfileRating[] {
    const p = this.predictor();
    return ratingsWithPredictions(this.app.db, this.fitter.fitModel(), p);
  }

  comparisons(): ComparisonRecord[] {
    return comparisonList(this.app.db);
  }

  importRows(importId: number): ImportRow[] {
    return importRows(this.app.db, importId);
  }

  /** Your strongest taste factors and the films that show them (none before a fit). */
  factors(): FactorInsight[] {
    const p = this.predictor();
    return p ? factorInsights(this.app.db, p.model, p) : [];
  }

  /** Well-known films to rate first (the Profile view's quick-start strip). */
  quickStart(): QuickStartFilm[] {
    return quickStart(this.app.db, this.model.active());
  }

  /** Your ratings, comparisons, history and import log as files' contents (`export`, Profile → Export). */
  export(format: 'json' | 'csv'): ExportedFile[] {
    return exportProfile(this.app.db, format);
  }

  /** Resolves once no background refit is running (tests, and the CLI before it exits). */
  settled(): Promise<void> {
    return this.fitter.settled();
  }

  shutdown(): void {
    this.fitter.shutdown();
  }
}

// What other domains use of this one besides ProfileService and the predictor (the face: domains
// import only a domain's service.ts, types.ts, install.ts, handlers.ts and predictor.ts; the lint
// enforces it): the arena's pair model builds on the taste-vector maths.
export { comparisonObservation, ratingOf } from './store.ts';
export { FIT_MIN_VOTES } from './fit-model.ts';
export { IncrementalTheta } from './theta/incremental.ts';
export { ANCHOR_VAR, comparisonTerm, DEFAULT_SLOPE, ratingFeature, ratingVariance } from './theta/fit.ts';
export { choleskyJittered } from './theta/linalg.ts';
export { predictUserScale } from './theta/predict.ts';
