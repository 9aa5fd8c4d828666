// The model's worker tasks: 'train' (with the version's metadata model), 'check-calibration' and
// 'place-catalogue' (the catalogue's titles outside MovieLens placed by that metadata model). They open the database read-only,
// read the packed ratings, compute, and send results back; only main writes the database.
import { readRatingsMatrix } from '../datasets/service.ts';
import type { TaskMap } from '../worker/contract.ts';
import type { TaskContext, TaskTable } from '../worker/task.ts';
import { checkCalibration } from './calibration.ts';
import { gpuProvider } from './gpu/provider.ts';
import { openDatabase } from '../db/database.ts';
import { placeCatalogue } from './metadata/placements.ts';
import { fitVersionMetadata } from './metadata/version.ts';
import { loadNativeKernel } from './native.ts';
import { trainModel } from './train.ts';
import { assertTrainable } from './trainable.ts';
import type {
  CalibrationReport,
  CalibrationTaskInput,
  GpuStatus,
  PlaceCatalogueInput,
  Placement,
  TrainedModel,
  TrainTaskInput,
} from './types.ts';

async function trainTask(
  input: TrainTaskInput,
  ctx: TaskContext<TaskMap['train']['events']>,
): Promise<TrainedModel> {
  ctx.progress({ message: 'Reading ratings…', fraction: 0 });
  const matrix = readRatingsMatrix(input.dbFile);
  assertTrainable(matrix);
  const trained = await trainModel(matrix, input.options, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
    onEpoch: (m) => ctx.event('epoch', m),
  });
  if (ctx.signal.aborted) return trained;
  ctx.progress({ message: 'Placing titles outside MovieLens (the metadata model)…', fraction: 1 });
  return { ...trained, metadata: fitVersionMetadata(input.dbFile, trained) };
}

async function calibrationTask(
  input: CalibrationTaskInput,
  ctx: TaskContext<TaskMap['check-calibration']['events']>,
): Promise<CalibrationReport> {
  ctx.progress({ message: 'Reading ratings…', fraction: 0 });
  const matrix = readRatingsMatrix(input.dbFile);
  assertTrainable(matrix);
  return checkCalibration(matrix, input.options, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
    onEpoch: (fold, m) => ctx.event('epoch', { fold, ...m }),
  });
}

async function gpuStatusTask(): Promise<GpuStatus> {
  return gpuProvider()
    .then((p) => p.status())
    .catch((err: Error) => ({
      available: false,
      adapter: null,
      reason: `the GPU could not be queried: ${err.message}`,
      runtime: process.versions.electron ? 'compute-window' : 'node',
    }));
}

/** Places the catalogue on the worker's own read-only connection (main stores the result). */
async function placeTask(input: PlaceCatalogueInput): Promise<Placement | null> {
  const db = openDatabase(input.dbFile, { readonly: true });
  try {
    return placeCatalogue(db, input.modelId, input.minVotes);
  } finally {
    db.close();
  }
}

export const modelTasks: TaskTable<
  'train' | 'check-calibration' | 'model-backend' | 'gpu-status' | 'place-catalogue'
> = {
  train: trainTask,
  'place-catalogue': placeTask,
  'check-calibration': calibrationTask,
  'model-backend': async () => loadNativeKernel().status,
  'gpu-status': gpuStatusTask,
};
