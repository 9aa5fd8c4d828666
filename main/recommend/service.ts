// The recommend domain's operations: a refresh (scored in the compute worker, so the main process
// never blocks), a title's details and why it was recommended, `predict` for any title the model
// knows, your marks with undo, the tuning, and the implicit model, trained once per model version
// as a background job the first time a refresh needs it.
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import type { ModelService } from '../model/service.ts';
import { movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { sourceOf } from '../model/service.ts';
import { catalogueMinVotes } from '../model/service.ts';
import { explainPlaced } from './explain-placed.ts';
import { NO_FIT_MESSAGE, shown } from '../profile/predictor.ts';
import type { ProfileService } from '../profile/service.ts';
import { explain } from './explain.ts';
import { TCONST } from '../catalogue/ids.ts';
import { catalogueEntry, resolveTitle } from './lookup.ts';
import {
  hasImplicit,
  listMarks,
  markedTconsts,
  loadImplicit,
  loadTuning,
  saveImplicit,
  saveTuning,
  setMark,
} from './store.ts';
import { splitGenres } from '../catalogue/genres.ts';
import { NO_MODEL_MESSAGE } from './tasks.ts';
import type {
  Explanation,
  ImplicitModel,
  ImplicitOptions,
  Mark,
  MarkChange,
  MarkedTitle,
  RecommendRequest,
  RecommendResult,
  RecommendTuning,
  TitleDetails,
} from './types.ts';

export class RecommendService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private readonly profile: ProfileService;
  private implicitJob: { modelId: number; id: string; done: Promise<void> } | null = null;
  private readonly implicitFailed = new Set<number>();
  private implicitCache: { modelId: number; model: ImplicitModel | null } | null = null;
  /** Options for the implicit model (tests and benchmarks use smaller ones). */
  implicitOptions: Partial<ImplicitOptions> = {};

  constructor(app: AppContext, deps: { model: ModelService; profile: ProfileService }) {
    this.app = app;
    this.model = deps.model;
    this.profile = deps.profile;
  }

  tuning(): RecommendTuning {
    return loadTuning(this.app.db);
  }

  updateTuning(patch: Partial<RecommendTuning> | null): RecommendTuning {
    return saveTuning(this.app.db, patch);
  }

  /** The dataset's genres (MovieLens), sorted. */
  genres(): string[] {
    const names = new Set<string>();
    for (const g of this.app.db.prepare<[], string>('SELECT DISTINCT genres FROM movies').pluck().all())
      for (const x of splitGenres(g)) names.add(x);
    return [...names].sort();
  }

  /** NO_MODEL or NO_DATA (no fit yet) before anything slow starts. */
  assertReady(): void {
    if (!this.model.active()) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
    if (!this.profile.predictor()) throw new AppError('NO_DATA', NO_FIT_MESSAGE);
  }

  /** One refresh. Without the implicit model yet, its training starts and this list goes without it
   * (the CLI waits for it first; the app refreshes when it lands). */
  async recommend(req: RecommendRequest = {}): Promise<RecommendResult> {
    this.assertReady();
    this.ensureImplicit();
    const tuning = this.tuning();
    const { details, ...rest } = req;
    // A --min-votes filter below the floor lowers it (those titles are asked for); above, it filters.
    const minVotes = Math.min(catalogueMinVotes(this.app.settings.get()), req.minVotes || Infinity);
    // The catalogue's titles outside MovieLens placed and stored once per version and floor (after a
    // training that is done already; a new lower floor places them here, in the worker).
    await this.model.ensurePlacement(minVotes);
    const result = await this.app.worker.run('recommend/score', {
      dbFile: this.app.dbFile,
      tuning,
      minVotes,
      request: {
        ...rest,
        seed: req.seed ?? Math.floor(Math.random() * 2 ** 31),
        explore: req.explore ?? tuning.explore,
      },
    });
    if (details) for (const item of result.items) item.why = this.explain(item.tconst);
    return result;
  }

  /**
   * Starts training the implicit model for the active model version when it has none (once; a
   * failure is not retried until the next model). Returns the running job, or null when there is
   * nothing to do, or nowhere to keep it (a read-only data folder: the list goes without it).
   */
  ensureImplicit(): { id: string; done: Promise<void> } | null {
    const active = this.model.active();
    if (!active || this.implicitFailed.has(active.id) || this.app.readOnly) return null;
    if (this.implicitJob?.modelId === active.id) return this.implicitJob;
    if (hasImplicit(this.app.db, active.id)) return null;
    const { app } = this;
    const modelId = active.id;
    const job = app.jobs.start(
      'recommend/implicit',
      'Learning which films people watch together',
      async (ctx) => {
        const result = await app.worker.run(
          'recommend/implicit',
          { dbFile: app.dbFile, modelId, options: this.implicitOptions },
          { signal: ctx.signal, onProgress: ctx.progress },
        );
        saveImplicit(app.db, modelId, result);
        app.events.emit('recommend/invalidated', { reason: 'implicit' });
        return { seconds: result.seconds, items: result.items.length };
      },
    );
    const done = job.done.then(
      () => {},
      (err: unknown) => {
        // Cancelled (by the user, or the app closing): try again next time.
        if (!(err instanceof AppError && err.code === 'CANCELLED')) this.implicitFailed.add(modelId);
      },
    );
    done.finally(() => {
      if (this.implicitJob?.id === job.id) this.implicitJob = null;
    });
    this.implicitJob = { modelId, id: job.id, done };
    return this.implicitJob;
  }

  /** Everything the details panel shows: the catalogue's facts, your prediction and why. */
  details(tconst: string, minVotes?: number): TitleDetails {
    const { db } = this.app;
    const entry = catalogueEntry(db, tconst);
    if (!entry) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
    const { movieIds, ...facts } = entry;
    const predictor = this.profile.predictor(minVotes);
    const item = predictor ? resolveItem(predictor.model, movieIds).item : -1;
    const none = { ...facts, predicted: null, low: null, high: null, source: null, why: null };
    if (!predictor) return none;
    if (item < 0) {
      // Outside MovieLens: placed by the metadata model, when the title is in the catalogue.
      const placed = predictor.predictTitle(tconst);
      if (!placed?.placed) return none;
      const prediction = shown(placed.predicted);
      return {
        ...facts,
        ...prediction,
        source: placed.source,
        why: explainPlaced(
          db,
          predictor,
          this.implicit(predictor.model.id),
          placed.placed,
          facts,
          prediction,
        ),
      };
    }
    const { model, posterior } = predictor;
    const prediction = shown(predictor.predict(item));
    return {
      ...facts,
      ...prediction,
      source: sourceOf(model, item),
      why: explain(db, model, posterior, this.implicit(model.id), item, prediction),
    };
  }

  /** Why: for the details panel, `--show-details`, and any view that shows a title (recommend/explain). */
  explain(tconst: string, minVotes?: number): Explanation {
    const d = this.details(tconst, minVotes);
    if (d.why) return d.why;
    this.assertReady();
    throw new AppError(
      'NOT_FOUND',
      `The model has no factors for ${d.title}${d.year ? ` (${d.year})` : ''}: it is not among the MovieLens films it was trained on, ` +
        `nor an IMDb film, TV film or series with at least ${minVotes ?? catalogueMinVotes(this.app.settings.get())} votes placed by the model's metadata (retrain after importing IMDb's datasets).`,
    );
  }

  /** `predict TCONST|TITLE`: your predicted rating of any catalogue title, its source, and why. */
  predict(
    query: string,
    year?: number,
    minVotes?: number,
  ): TitleDetails & { alternatives: { tconst: string; title: string; year: number | null }[] } {
    const { tconst, alternatives } = resolveTitle(this.app.db, query, year);
    const d = this.details(tconst, minVotes);
    if (d.predicted === null) this.explain(tconst, minVotes); // throws the reason (no model, no fit, unknown title)
    return { ...d, alternatives };
  }

  mark(tconst: string, mark: Mark | null): MarkChange {
    if (!TCONST.test(tconst)) throw new AppError('INVALID_INPUT', `${tconst} is not an IMDb id (ttNNNNNNN).`);
    if (mark !== null && !catalogueEntry(this.app.db, tconst))
      throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
    const previous = setMark(this.app.db, tconst, mark);
    return { tconst, mark, previous };
  }

  /** Removes a title from one list (`seen remove`): NOT_FOUND when it is not on that list. */
  unmark(tconst: string, mark: Mark): MarkChange {
    const current = listMarks(this.app.db, mark).find((m) => m.tconst === tconst);
    if (!current) throw new AppError('NOT_FOUND', `${tconst} is not on your ${mark} list.`);
    return this.mark(tconst, null);
  }

  /** Your marks without titles or predictions (cheap: the arena reads them on every answer). */
  markedTconsts(): { tconst: string; mark: Mark }[] {
    return markedTconsts(this.app.db);
  }

  /** Your marked titles, newest first, with your predicted rating where the model knows them. */
  marks(mark?: Mark): MarkedTitle[] {
    const { db } = this.app;
    const list = listMarks(db, mark);
    const predictor = this.profile.predictor();
    const ids = movieIdsByTconst(
      db,
      list.map((m) => m.tconst),
    );
    return list.map((m) => {
      const item = predictor ? resolveItem(predictor.model, ids.get(m.tconst)).item : -1;
      if (!predictor || item < 0) return { ...m, predicted: null, low: null, high: null };
      return { ...m, ...shown(predictor.predict(item)) };
    });
  }

  private implicit(modelId: number): ImplicitModel | null {
    if (this.implicitCache?.modelId !== modelId || !this.implicitCache.model)
      this.implicitCache = { modelId, model: loadImplicit(this.app.db, modelId) };
    return this.implicitCache.model;
  }
}
