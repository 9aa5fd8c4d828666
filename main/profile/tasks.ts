// The compute worker's 'profile/fit' task: opens the database read-only, reads the active model and
// the profile's ratings and comparisons, fits theta from scratch and sends the posterior back for
// main to store (the worker never writes).
import { openDatabase } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadActiveModel, loadMetadataModel } from '../model/service.ts';
import type { TaskContext, TaskTable } from '../worker/task.ts';
import { buildFitModel, profileTitles } from './fit-model.ts';
import { observations } from './store.ts';
import { fitTheta } from './theta/fit.ts';
import type { FitTaskInput, FitTaskResult } from './types.ts';

export const NO_MODEL_MESSAGE =
  'There is no trained model yet: train it first (Settings → Training, or reeltaste train); your ratings are kept.';

async function fitTask(input: FitTaskInput, ctx: TaskContext): Promise<FitTaskResult> {
  const started = performance.now();
  ctx.progress({ message: 'Reading your ratings…', fraction: 0 });
  const db = openDatabase(input.dbFile, { readonly: true });
  try {
    const params = loadActiveModel(db);
    if (!params) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
    // Titles outside MovieLens you rated or compared count through their metadata posterior.
    const metadata = loadMetadataModel(db, params.id)?.model ?? null;
    const fitModel = buildFitModel(db, params, metadata, profileTitles(db));
    const obs = observations(db, fitModel.itemOf);
    if (obs.ratings.length + obs.comparisons.length === 0) {
      throw new AppError(
        'NO_DATA',
        'None of your rated titles are ones the model knows or can place yet: import your IMDb ratings export or rate a few films.',
      );
    }
    ctx.progress({
      message: `Fitting your taste from ${obs.ratings.length} ratings and ${obs.comparisons.length} comparisons…`,
      fraction: 0.2,
    });
    const posterior = fitTheta(fitModel.params, obs.ratings, obs.comparisons);
    return {
      modelId: params.id,
      posterior,
      ratingsWithoutItem: obs.ratingsWithoutItem,
      comparisonsWithoutItem: obs.comparisonsWithoutItem,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    db.close();
  }
}

export const profileTasks: TaskTable<'profile/fit'> = { 'profile/fit': fitTask };
