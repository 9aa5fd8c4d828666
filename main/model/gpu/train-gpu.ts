// The epoch loop on a GPUDevice: the same data preparation, initial state, step sizes and
// between-epoch maths as the CPU trainer, with the examples in the stratified order (schedule.ts).
// Pure TypeScript over the standard WebGPU API: the Node worker and the compute window both run it.
import type { RatingsMatrix } from '../../datasets/types.ts';
import type { JobProgress } from '../../jobs/types.ts';
import { AppError } from '../../errors.ts';
import { prepareData, splitMask, type PreparedData } from '../data.ts';
import { priorVariances, resolveOptions, type TrainOptions } from '../options.ts';
import { initState, type VariationalState } from '../state.ts';
import type { EpochMetrics, ModelParams, TrainSummary } from '../types.ts';
import { GpuDriver, type EpochParams } from './driver.ts';
import { planSchedule, type Schedule } from './schedule.ts';

export interface GpuTrainHooks {
  signal?: AbortSignal;
  onEpoch?(m: EpochMetrics): void;
  onProgress?(p: JobProgress): void;
  keepState?: boolean;
}

export interface GpuTrainResult {
  params: ModelParams;
  epochs: EpochMetrics[];
  seconds: number;
  summary: TrainSummary;
  options: Omit<TrainOptions, 'heldOut'>;
  /** Set-up (compile, upload) and read-back of the posterior, for the benchmark. */
  timing: {
    setupSeconds: number;
    readSeconds: number;
    bytesUp: number;
    bytesDown: number;
    peakDeviceBytes: number;
    workers: number;
  };
  state?: VariationalState;
  data?: PreparedData;
}

/** Everything the GPU trainer needs before its first epoch; the self-test reuses it. */
export interface GpuRun {
  o: TrainOptions;
  data: PreparedData;
  state: VariationalState;
  schedule: Schedule;
  shape: Float32Array;
  itemIds: Int32Array;
}

export function prepareGpuRun(matrix: RatingsMatrix, options: Partial<TrainOptions>): GpuRun {
  const o = resolveOptions(options);
  const nnz = matrix.ratings.length;
  if (nnz === 0) throw new AppError('NO_DATA', 'There are no ratings to train on: import MovieLens first.');
  const mask = o.heldOut ?? splitMask(nnz, o.validation, o.seed);
  const data = prepareData(matrix, mask, o.seed);
  const state = initState(data, {
    dim: o.dim,
    priorVar: priorVariances(o),
    userBiasPrior: o.userBiasPrior,
    itemBiasPrior: o.itemBiasPrior,
    seed: o.seed,
    threads: 1,
  });
  const schedule = planSchedule(data.train, data.userCounts, data.itemCounts);
  return {
    o,
    data,
    state,
    schedule,
    shape: priorVariances({ ...o, priorScale: 1 }),
    itemIds: matrix.itemIds,
  };
}

export function epochParams(run: GpuRun, epoch: number): EpochParams {
  const { o, state: s } = run;
  const decay = 1 / (1 + o.lrDecay * epoch);
  return {
    mu: s.mu,
    lr: o.lr * decay,
    lrBias: o.lrBias * decay,
    noiseVar: s.noiseVar,
    userBiasPrior: s.userBiasPrior,
    itemBiasPrior: s.itemBiasPrior,
    ratingMin: s.ratingMin,
    ratingMax: s.ratingMax,
    priorPrec: s.priorPrec,
    priorVar: s.priorVar,
    shape: run.shape,
  };
}

/** Examples per submission: progress and cancellation happen between submissions. */
const SUBMIT_EXAMPLES = 1 << 20;

export async function trainOnGpu(
  device: GPUDevice,
  run: GpuRun,
  hooks: GpuTrainHooks = {},
  driver?: GpuDriver,
): Promise<GpuTrainResult> {
  const started = performance.now();
  const { o, data, state: s, schedule } = run;
  const gpu =
    driver ??
    (await GpuDriver.create(device, {
      dim: o.dim,
      nUsers: data.nUsers,
      nItems: data.nItems,
      schedule,
      heldOut: data.heldOut,
    }));
  try {
    gpu.writeState(s, data.userCounts, data.itemCounts);
    const setupSeconds = (performance.now() - started) / 1000;
    const nTrain = data.train.ratings.length;
    const P = schedule.workers;
    const epochs: EpochMetrics[] = [];
    const cancelled = () =>
      new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      const epochStart = performance.now();
      const prev = epochs[epochs.length - 1];
      gpu.setParams(epochParams(run, epoch));
      gpu.startEpoch();
      for (let from = 0; from < P;) {
        if (hooks.signal?.aborted) throw cancelled();
        let to = from + 1;
        while (to < P && gpu.examplesIn(from, to + 1) <= SUBMIT_EXAMPLES) to++;
        await gpu.runSubEpochs(from, to);
        from = to;
        const fraction = (epoch + from / P) / o.epochs;
        const elapsed = (performance.now() - started) / 1000;
        hooks.onProgress?.({
          fraction,
          done: epoch,
          total: o.epochs,
          unit: 'epochs',
          message: [
            `Epoch ${epoch + 1}/${o.epochs}`,
            prev?.valRmse != null ? `val RMSE ${prev.valRmse.toFixed(3)}` : '',
          ]
            .filter(Boolean)
            .join(' · '),
          metrics: {
            epoch: epoch + 1,
            etaSeconds: (elapsed * (1 - fraction)) / fraction,
            ...(prev ? { loss: prev.loss, ...(prev.valRmse !== null ? { valRmse: prev.valRmse } : {}) } : {}),
          },
        });
      }
      if (hooks.signal?.aborted) throw cancelled();
      const { sse, ese } = await gpu.epochSums();
      if (!Number.isFinite(ese))
        throw new AppError(
          'DIVERGED',
          `Training diverged: the loss became ${ese} in epoch ${epoch + 1} (gpu backend). ` +
            'Nothing was saved; try a smaller learning rate or dimension.',
        );
      if (o.learnPrior) {
        const rows = countRated(data.userCounts) + countRated(data.itemCounts);
        const c = (await gpu.priorStats()) / (rows * o.dim);
        for (let k = 0; k < o.dim; k++) {
          s.priorVar[k] = c * run.shape[k]!;
          s.priorPrec[k] = 1 / s.priorVar[k]!;
        }
      }
      s.noiseVar = Math.max(ese / nTrain, 1e-4);
      gpu.setParams(epochParams(run, epoch));
      const { kl, heldOutSe } = await gpu.finishEpoch();
      const loss = (0.5 * ese) / nTrain / s.noiseVar + 0.5 * Math.log(2 * Math.PI * s.noiseVar) + kl / nTrain;
      if (!Number.isFinite(loss))
        throw new AppError(
          'DIVERGED',
          `Training diverged: the loss became ${loss} after epoch ${epoch + 1}. Nothing was saved.`,
        );
      const nHeld = data.heldOut.ratings.length;
      const m: EpochMetrics = {
        epoch: epoch + 1,
        loss,
        trainRmse: Math.sqrt(sse / nTrain),
        valRmse: nHeld > 0 ? Math.sqrt(heldOutSe / nHeld) : null,
        noiseVar: s.noiseVar,
        seconds: (performance.now() - epochStart) / 1000,
      };
      epochs.push(m);
      hooks.onEpoch?.(m);
    }
    const readStart = performance.now();
    await gpu.readState(s);
    const readSeconds = (performance.now() - readStart) / 1000;
    s.userAcc.fill(0);
    s.itemAcc.fill(0);
    const { heldOut: _heldOut, ...plain } = o;
    const result: GpuTrainResult = {
      params: toParams(s, run.itemIds, data.itemCounts),
      epochs,
      seconds: (performance.now() - started) / 1000,
      summary: {
        users: data.nUsers,
        items: data.nItems,
        ratings: nTrain + data.heldOut.ratings.length,
        trainRatings: nTrain,
        heldOutRatings: data.heldOut.ratings.length,
      },
      options: plain,
      timing: {
        setupSeconds,
        readSeconds,
        bytesUp: gpu.bytesUp,
        bytesDown: gpu.bytesDown,
        peakDeviceBytes: gpu.peakDeviceBytes,
        workers: P,
      },
    };
    if (hooks.keepState) {
      result.state = s;
      result.data = data;
    }
    return result;
  } finally {
    if (!driver) gpu.destroy();
  }
}

function countRated(counts: Int32Array): number {
  let n = 0;
  for (let j = 0; j < counts.length; j++) if (counts[j]! > 0) n++;
  return n;
}

function toParams(s: VariationalState, itemIds: Int32Array, itemCounts: Int32Array): ModelParams {
  return {
    dim: s.dim,
    mu: s.mu,
    noiseVar: s.noiseVar,
    priorVar: Float32Array.from(s.priorVar),
    itemIds: Int32Array.from(itemIds),
    itemBiasMean: s.itemBias,
    itemBiasVar: s.itemBiasVar,
    itemFactorMean: s.itemMean,
    itemFactorVar: s.itemVar,
    itemCounts: Int32Array.from(itemCounts),
  };
}
