// The model domain's operations: training and calibration checks as jobs that run in the compute
// worker (per-epoch metrics forwarded to the UI), model versions, and the active model. A failed,
// cancelled or killed run saves nothing: the previous model stays active.
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import { readOnlyError } from '../db/errors.ts';
import type { JobContext } from '../jobs/registry.ts';
import { untrainableReason } from './trainable.ts';
import { hasDataset } from '../catalogue/datasets.ts';
import { defaultTrainOptions } from './options.ts';
import { loadMetadataModel, saveMetadataModel } from './metadata/store.ts';
import { hasPlacement, savePlacement } from './metadata/placements.ts';
import { catalogueMinVotes } from './metadata/catalogue.ts';
import type { MetadataModel } from './metadata/model.ts';
import {
  activeModelSummary,
  activateModel,
  ActiveModelCache,
  listModels,
  saveCheck,
  saveModel,
  type ActiveModel,
} from './store.ts';
import type {
  CalibrationReport,
  CalibrationRequest,
  GpuStatus,
  ModelInfo,
  NativeStatus,
  TrainedModel,
  TrainOutcome,
  TrainRequest,
  TrainTaskInput,
} from './types.ts';

export class ModelService {
  private readonly app: AppContext;
  private readonly activeCache: ActiveModelCache;
  private backend: Promise<NativeStatus> | undefined;
  private gpu: Promise<GpuStatus> | undefined;
  private metadataCache: { id: number; model: MetadataModel } | undefined;
  /** Placements under way, per version and floor (a refresh and a training may ask at once). */
  private readonly placing = new Map<string, Promise<void>>();

  constructor(app: AppContext) {
    this.app = app;
    this.activeCache = new ActiveModelCache(app.db);
  }

  /** The active model's parameters (cached per version), or null before the first training. */
  active(): ActiveModel | null {
    return this.activeCache.get();
  }

  /** The active version's metadata model (cached per version), or null: none fitted for it. */
  metadata(): MetadataModel | null {
    const model = this.active();
    if (!model) return null;
    // Only a found one is kept: a version without one may get one later (a refit).
    if (this.metadataCache?.id !== model.id) {
      const found = loadMetadataModel(this.app.db, model.id)?.model;
      if (!found) return null;
      this.metadataCache = { id: model.id, model: found };
    }
    return this.metadataCache.model;
  }

  /**
   * Places the catalogue's titles outside MovieLens at `minVotes` for the active version (or
   * `modelId`) in the worker and stores them, unless a stored placement covers that floor on this
   * catalogue. Never throws: a failed placement is logged and leaves what was stored (a refresh
   * then places the titles it lacks in memory, as before).
   */
  async ensurePlacement(minVotes: number, modelId = this.active()?.id): Promise<void> {
    const { app } = this;
    if (modelId === undefined || app.readOnly) return;
    if (!loadMetadataModelExists(app.db, modelId) || hasPlacement(app.db, modelId, minVotes)) return;
    const key = `${modelId}|${minVotes}`;
    const running = this.placing.get(key);
    if (running) return running;
    const done = app.worker
      .run('place-catalogue', { dbFile: app.dbFile, modelId, minVotes })
      .then((placement) => {
        // The version may have been deleted, or refitted, while the worker placed.
        if (placement && loadMetadataModelExists(app.db, modelId)) savePlacement(app.db, modelId, placement);
      })
      .catch((err: Error) =>
        console.warn(
          `Model ${modelId}: titles outside MovieLens not placed at ${minVotes} votes (${err.message}).`,
        ),
      )
      .finally(() => this.placing.delete(key));
    this.placing.set(key, done);
    return done;
  }

  list(): ModelInfo[] {
    return listModels(this.app.db);
  }

  activate(id: number): ModelInfo[] {
    activateModel(this.app.db, id);
    modelChanged(this.app);
    return this.list();
  }

  startTraining(req: TrainRequest = {}): { id: string; done: Promise<TrainOutcome> } {
    const { app } = this;
    if (app.readOnly) throw readOnlyError(app.dataDir, app.readOnly, 'Training');
    // While an import runs (maybe in another process) the ratings are checked once it is done.
    if (!app.writer.holder()) this.assertRatings('train on');
    // What the request leaves out comes from the options saved in Settings → Training.
    const options = {
      ...app.settings.get().training,
      ...Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)),
    };
    // Training holds the folder's writer lock from reading the ratings to saving the model, so a
    // model is always saved beside the data it was trained on (an import waits, or is waited for).
    const job: { id: string; done: Promise<TrainOutcome> } = app.jobs.start(
      'train',
      `Training the taste model (K=${options.dim ?? defaultTrainOptions.dim})`,
      (ctx) =>
        app.writer.run('training', () => this.train(job.id, options, ctx), {
          signal: ctx.signal,
          onWait: (message) => ctx.progress({ message }),
        }),
    );
    return job;
  }

  private async train(
    jobId: string,
    options: TrainTaskInput['options'],
    ctx: JobContext,
  ): Promise<TrainOutcome> {
    const { app } = this;
    this.assertRatings('train on');
    const result = await app.worker.run(
      'train',
      { dbFile: app.dbFile, options },
      {
        signal: ctx.signal,
        onProgress: ctx.progress,
        onEvent: (e) => app.events.emit('model/epoch', { ...e.data, jobId, kind: 'train' }),
      },
    );
    if (ctx.signal.aborted)
      throw new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
    const unfit = untrainableReason(result.summary.users, result.summary.items);
    if (unfit) throw new AppError('NO_DATA', unfit);
    ctx.progress({ fraction: 1, message: 'Saving the model…' });
    const modelId = saveModel(app.db, result);
    saveVersionMetadata(app, modelId, result.metadata);
    // The catalogue's titles outside MovieLens placed once now, not by the first refresh.
    if (result.metadata && 'blob' in result.metadata) {
      ctx.progress({ fraction: 1, message: 'Placing titles outside MovieLens…' });
      await this.ensurePlacement(catalogueMinVotes(app.settings.get()), modelId);
    }
    modelChanged(app);
    const last = result.epochs[result.epochs.length - 1];
    return {
      modelId,
      backend: result.backend,
      adapter: result.adapter ?? null,
      backendReason: result.backendReason ?? '',
      gpuSelfTest: result.gpuSelfTest ?? null,
      threads: result.threads,
      seconds: result.seconds,
      epochs: result.epochs.length,
      trainRmse: last?.trainRmse ?? null,
      valRmse: last?.valRmse ?? null,
      users: result.summary.users,
      items: result.summary.items,
      ratings: result.summary.ratings,
    };
  }

  startCalibration(req: CalibrationRequest = {}): { id: string; done: Promise<CalibrationReport> } {
    const { app } = this;
    this.assertRatings('check');
    const folds = req.folds ?? 1;
    const title =
      folds > 1
        ? `Checking calibration (${folds}-fold)`
        : `Checking calibration (${Math.round((req.holdout ?? 0.1) * 100)}% held out)`;
    const job = app.jobs.start('check-calibration', title, async (ctx) => {
      const options = {
        holdout: req.holdout ?? 0.1,
        folds,
        seed: req.seed ?? defaultTrainOptions.seed,
        train: { dim: req.dim, epochs: req.epochs, threads: req.threads, backend: req.backend },
      };
      const report = await app.worker.run(
        'check-calibration',
        { dbFile: app.dbFile, options },
        {
          signal: ctx.signal,
          onProgress: ctx.progress,
          onEvent: (e) =>
            app.events.emit('model/epoch', { ...e.data, jobId: job.id, kind: 'check-calibration' }),
        },
      );
      // Only the report is stored; no model version is created or activated.
      saveCheck(app.db, report);
      return report;
    });
    return job;
  }

  /** Whether the worker (where training runs) can load the native kernel; asked once per app run. */
  backendStatus(): Promise<NativeStatus> {
    if (!this.backend) {
      this.backend = this.app.worker.run('model-backend', null);
      this.backend.catch(() => (this.backend = undefined));
    }
    return this.backend;
  }

  /** The GPU the worker would train on (Node's webgpu or the compute window); asked once per app run. */
  gpuStatus(): Promise<GpuStatus> {
    if (!this.gpu) {
      this.gpu = this.app.worker.run('gpu-status', null);
      this.gpu.catch(() => (this.gpu = undefined));
    }
    return this.gpu;
  }

  private assertRatings(what: string): void {
    if (!hasDataset(this.app.db, 'movielens'))
      throw new AppError(
        'NO_DATA',
        `There are no MovieLens ratings to ${what}: import MovieLens first (Settings → Data).`,
      );
  }
}

/**
 * Stores the version's metadata model. A fit that failed (or a save that throws) is logged and
 * leaves the version usable: titles outside MovieLens then stay out of the catalogue.
 */
function saveVersionMetadata(app: AppContext, modelId: number, metadata: TrainedModel['metadata']): void {
  try {
    if (metadata && 'blob' in metadata) saveMetadataModel(app.db, modelId, metadata.blob, metadata.report);
    else if (metadata) console.warn(`Model ${modelId}: no metadata model (${metadata.error}).`);
  } catch (err) {
    console.warn(`Model ${modelId}: the metadata model was not saved (${(err as Error).message}).`);
  }
}

function loadMetadataModelExists(db: AppContext['db'], modelId: number): boolean {
  return db.prepare('SELECT 1 FROM metadata_models WHERE model_id = ?').pluck().get(modelId) === 1;
}

/** Tells the UI the active model changed (the Training pane, the recommendations, status). */
function modelChanged(app: AppContext): void {
  app.events.emit('model/changed', { model: activeModelSummary(app.db) });
}

// What other domains use of this one besides ModelService (the face: domains import only a domain's
// service.ts, types.ts, install.ts, handlers.ts and predictor.ts; the lint enforces it).
export { ActiveModelCache, loadActiveModel } from './store.ts';
export { createRng } from './rng.ts';
export { zForCentral } from './predict.ts';
export { titleMetadataOf } from './metadata/load.ts';
export { loadMetadataModel } from './metadata/store.ts';
export { catalogueMinVotes, withCatalogueTitles } from './metadata/catalogue.ts';
export { sourceOf, withColdItems } from './metadata/cold-items.ts';
