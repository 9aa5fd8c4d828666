// Main-process side of the model domain: starts training and calibration checks as jobs that run
// in the compute worker, forwards per-epoch metrics to the UI, and saves a finished model as a new
// active version. A failed, cancelled or killed run saves nothing: the previous model stays active.
import type { Services } from '../services/index.ts';
import type { DomainInstaller } from '../services/domains.ts';
import { AppError } from '../ipc/errors.ts';
import { defaultTrainOptions } from './options.ts';
import { activeModelSummary, saveCheck, saveModel } from './store.ts';
import type { CalibrationTaskInput, TrainTaskInput } from './tasks.ts';
import type { TrainResult } from './train.ts';
import type {
  CalibrationReport,
  CalibrationRequest,
  EpochMetrics,
  NativeStatus,
  TrainOutcome,
  TrainRequest,
} from './types.ts';

function hasRatings(s: Services): boolean {
  return s.db.prepare("SELECT 1 FROM datasets WHERE kind = 'movielens'").pluck().get() !== undefined;
}

export function startTraining(
  s: Services,
  req: TrainRequest = {},
): { id: string; done: Promise<TrainOutcome> } {
  if (!hasRatings(s))
    throw new AppError(
      'NO_DATA',
      'There are no MovieLens ratings to train on: import MovieLens first (Settings → Data).',
    );
  // What the request leaves out comes from the options saved in Settings → Training.
  req = {
    ...s.settings.get().training,
    ...Object.fromEntries(Object.entries(req).filter(([, v]) => v !== undefined)),
  };
  let jobId = '';
  const job = s.jobs.start(
    'train',
    `Training the taste model (K=${req.dim ?? defaultTrainOptions.dim})`,
    async (ctx) => {
      const input: TrainTaskInput = { dbFile: s.dbFile, options: req };
      const result = await s.worker.run<TrainResult>('train', input, {
        signal: ctx.signal,
        onProgress: ctx.progress,
        onEvent: (name, data) => {
          if (name === 'epoch')
            s.events.emit('model/epoch', { ...(data as EpochMetrics), jobId, kind: 'train' });
        },
      });
      if (ctx.signal.aborted)
        throw new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
      ctx.progress({ fraction: 1, message: 'Saving the model…' });
      const modelId = saveModel(s.db, result);
      s.statusChanged();
      const last = result.epochs[result.epochs.length - 1];
      return {
        modelId,
        backend: result.backend,
        threads: result.threads,
        seconds: result.seconds,
        epochs: result.epochs.length,
        trainRmse: last?.trainRmse ?? null,
        valRmse: last?.valRmse ?? null,
        users: result.summary.users,
        items: result.summary.items,
        ratings: result.summary.ratings,
      };
    },
  );
  jobId = job.id;
  return job;
}

export function startCalibration(
  s: Services,
  req: CalibrationRequest = {},
): { id: string; done: Promise<CalibrationReport> } {
  if (!hasRatings(s))
    throw new AppError(
      'NO_DATA',
      'There are no MovieLens ratings to check: import MovieLens first (Settings → Data).',
    );
  let jobId = '';
  const folds = req.folds ?? 1;
  const title =
    folds > 1
      ? `Checking calibration (${folds}-fold)`
      : `Checking calibration (${Math.round((req.holdout ?? 0.1) * 100)}% held out)`;
  const job = s.jobs.start('check-calibration', title, async (ctx) => {
    const input: CalibrationTaskInput = {
      dbFile: s.dbFile,
      options: {
        holdout: req.holdout ?? 0.1,
        folds,
        seed: req.seed ?? defaultTrainOptions.seed,
        train: { dim: req.dim, epochs: req.epochs, threads: req.threads, backend: req.backend },
      },
    };
    const report = await s.worker.run<CalibrationReport>('check-calibration', input, {
      signal: ctx.signal,
      onProgress: ctx.progress,
      onEvent: (name, data) => {
        if (name === 'epoch')
          s.events.emit('model/epoch', {
            ...(data as EpochMetrics & { fold: number }),
            jobId,
            kind: 'check-calibration',
          });
      },
    });
    // Only the report is stored; no model version is created or activated.
    saveCheck(s.db, report);
    return report;
  });
  jobId = job.id;
  return job;
}

const backendStatus = new WeakMap<Services, Promise<NativeStatus>>();

/** Whether the worker (where training runs) can load the native kernel; asked once per app run. */
export function nativeBackendStatus(s: Services): Promise<NativeStatus> {
  let status = backendStatus.get(s);
  if (!status) {
    status = s.worker.run<NativeStatus>('model-backend', null);
    status.catch(() => backendStatus.delete(s));
    backendStatus.set(s, status);
  }
  return status;
}

export const installModel: DomainInstaller = (s) => {
  s.statusParts.model = activeModelSummary;
};
