// The model's worker tasks: 'train' and 'check-calibration'. They open the database read-only,
// read the packed ratings, compute, and send results back; only main writes the database.
import { openDatabase } from '../db/database.ts';
import { loadRatings } from '../datasets/index.ts';
import { AppError } from '../ipc/errors.ts';
import type { TaskContext, TaskTable } from '../worker/runtime.ts';
import { checkCalibration, type CalibrationOptions, type CalibrationReport } from './calibration.ts';
import { loadNativeKernel, type NativeStatus } from './native.ts';
import type { TrainOptions } from './options.ts';
import { trainModel, type TrainResult } from './train.ts';

export interface TrainTaskInput {
  dbFile: string;
  options: Partial<Omit<TrainOptions, 'heldOut'>>;
}

export interface CalibrationTaskInput {
  dbFile: string;
  options: CalibrationOptions;
}

function readMatrix(dbFile: string) {
  const db = openDatabase(dbFile, { readonly: true });
  try {
    const matrix = loadRatings(db);
    if (matrix.ratings.length === 0)
      throw new AppError('NO_DATA', 'There are no MovieLens ratings to train on: import MovieLens first.');
    return matrix;
  } finally {
    db.close();
  }
}

export async function trainTask(
  input: TrainTaskInput,
  ctx: TaskContext,
): Promise<Omit<TrainResult, 'state' | 'data'>> {
  ctx.progress({ message: 'Reading ratings…', fraction: 0 });
  const matrix = readMatrix(input.dbFile);
  return trainModel(matrix, input.options, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
    onEpoch: (m) => ctx.event('epoch', m),
  });
}

export async function calibrationTask(
  input: CalibrationTaskInput,
  ctx: TaskContext,
): Promise<CalibrationReport> {
  ctx.progress({ message: 'Reading ratings…', fraction: 0 });
  const matrix = readMatrix(input.dbFile);
  return checkCalibration(matrix, input.options, {
    signal: ctx.signal,
    onProgress: (p) => ctx.progress(p),
    onEpoch: (fold, m) => ctx.event('epoch', { fold, ...m }),
  });
}

export const modelTasks: TaskTable = {
  train: (input, ctx) => trainTask(input as TrainTaskInput, ctx),
  'check-calibration': (input, ctx) => calibrationTask(input as CalibrationTaskInput, ctx),
  /** Whether the native kernel loads in the worker (where training runs). */
  'model-backend': async (): Promise<NativeStatus> => loadNativeKernel().status,
};
