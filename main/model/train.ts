// trainModel: the epoch loop around a kernel (native or TypeScript). Runs in whichever process
// calls it (the worker's 'train' task in the app): reports progress per batch and metrics per epoch,
// cancels between batches, and fails loudly if the loss stops being a number.
import type { RatingsMatrix } from '../datasets/types.ts';
import type { JobProgress } from '../jobs/types.ts';
import { AppError } from '../errors.ts';
import { prepareData, splitMask, type PreparedData } from './data.ts';
import { heldOutRmse, klDivergence, updatePriorScale, updateVariances } from './epoch.ts';
import { jsKernel } from './kernel-js.ts';
import { loadNativeKernel } from './native.ts';
import type { Kernel } from './kernel.ts';
import { priorVariances, resolveOptions, type TrainOptions } from './options.ts';
import { initState, type VariationalState } from './state.ts';
import { tryGpu } from './gpu/select.ts';
import type { EpochMetrics, ModelParams, TrainedModel, TrainSummary } from './types.ts';

export type { EpochMetrics, TrainSummary };

export interface TrainResult extends TrainedModel {
  /** Only with hooks.keepState: the full posterior (users too) and the data split, for calibration. */
  state?: VariationalState;
  data?: PreparedData;
}

export interface TrainHooks {
  signal?: AbortSignal;
  onEpoch?(m: EpochMetrics): void;
  onProgress?(p: JobProgress): void;
  keepState?: boolean;
}

export function pickKernel(backend: TrainOptions['backend']): Kernel {
  if (backend === 'js') return jsKernel;
  // 'gpu' never gets here (trainModel either trains on the GPU or fails).
  const { kernel, status } = loadNativeKernel();
  if (kernel) return kernel;
  if (backend === 'native') {
    throw new AppError(
      'INVALID_INPUT',
      `The native training kernel is not available: ${status.reason}. Use --backend js or auto.`,
    );
  }
  return jsKernel;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function trainModel(
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const o = resolveOptions(options);
  const started = performance.now();
  let gpuNote: { reason: string; selfTest: TrainResult['gpuSelfTest'] } | undefined;
  if (o.backend === 'gpu' || o.backend === 'auto') {
    const gpu = await tryGpu(matrix, o, hooks);
    if (gpu.ok) {
      const { timing: _timing, ...r } = gpu.result;
      return {
        ...r,
        backend: 'gpu',
        adapter: gpu.adapter,
        backendReason: gpu.reason,
        gpuSelfTest: gpu.selfTest,
        threads: gpu.result.timing.workers,
      };
    }
    gpuNote = { reason: gpu.reason, selfTest: gpu.selfTest };
  }
  const kernel = pickKernel(o.backend);
  const threads = kernel.name === 'js' ? 1 : o.threads;
  const nnz = matrix.ratings.length;
  if (nnz === 0) throw new AppError('NO_DATA', 'There are no ratings to train on: import MovieLens first.');
  const mask = o.heldOut ?? splitMask(nnz, o.validation, o.seed);
  const data = prepareData(matrix, mask, o.seed);
  const priorVar = priorVariances(o);
  const shape = priorVariances({ ...o, priorScale: 1 });
  const s = initState(data, {
    dim: o.dim,
    priorVar,
    userBiasPrior: o.userBiasPrior,
    itemBiasPrior: o.itemBiasPrior,
    seed: o.seed,
    threads,
  });
  const nTrain = data.train.ratings.length;
  const nBatches = Math.max(1, Math.ceil(nTrain / o.batchSize));
  const epochs: EpochMetrics[] = [];

  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const epochStart = performance.now();
    const decay = 1 / (1 + o.lrDecay * epoch);
    const prev = epochs[epochs.length - 1];
    let sse = 0;
    let ese = 0;
    for (let b = 0; b < nBatches; b++) {
      if (hooks.signal?.aborted)
        throw new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
      const start = b * o.batchSize;
      const end = Math.min(nTrain, start + o.batchSize);
      const sums = kernel.run(data.train, s, {
        start,
        end,
        lr: o.lr * decay,
        lrBias: o.lrBias * decay,
        threads,
      });
      sse += sums.sse;
      ese += sums.ese;
      if (!Number.isFinite(sums.ese)) {
        throw new AppError(
          'DIVERGED',
          `Training diverged: the loss became ${sums.ese} in epoch ${epoch + 1}, batch ${b + 1} (${kernel.name} backend). ` +
            'Nothing was saved; try a smaller learning rate or dimension.',
        );
      }
      const fraction = (epoch * nBatches + b + 1) / (o.epochs * nBatches);
      const elapsed = (performance.now() - started) / 1000;
      hooks.onProgress?.({
        fraction,
        done: epoch,
        total: o.epochs,
        unit: 'epochs',
        message: [
          `Epoch ${epoch + 1}/${o.epochs}`,
          nBatches > 1 ? `batch ${b + 1}/${nBatches}` : '',
          prev?.valRmse != null ? `val RMSE ${prev.valRmse.toFixed(3)}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        metrics: {
          epoch: epoch + 1,
          batch: b + 1,
          batches: nBatches,
          trainRmse: Math.sqrt(sse / end),
          etaSeconds: (elapsed * (1 - fraction)) / fraction,
          ...(prev ? { loss: prev.loss, ...(prev.valRmse !== null ? { valRmse: prev.valRmse } : {}) } : {}),
        },
      });
      await nextTick();
    }
    if (o.learnPrior) updatePriorScale(s, shape, data.userCounts, data.itemCounts);
    updateVariances(s, data.userCounts, data.itemCounts, ese, nTrain);
    const kl = klDivergence(s, data.userCounts, data.itemCounts);
    const loss = (0.5 * ese) / nTrain / s.noiseVar + 0.5 * Math.log(2 * Math.PI * s.noiseVar) + kl / nTrain;
    if (!Number.isFinite(loss))
      throw new AppError(
        'DIVERGED',
        `Training diverged: the loss became ${loss} after epoch ${epoch + 1}. Nothing was saved.`,
      );
    const m: EpochMetrics = {
      epoch: epoch + 1,
      loss,
      trainRmse: Math.sqrt(sse / nTrain),
      valRmse: data.heldOut.ratings.length > 0 ? heldOutRmse(s, data.heldOut) : null,
      noiseVar: s.noiseVar,
      seconds: (performance.now() - epochStart) / 1000,
    };
    epochs.push(m);
    hooks.onEpoch?.(m);
  }

  const { heldOut: _heldOut, ...plain } = o;
  const result: TrainResult = {
    params: toParams(s, matrix.itemIds, data.itemCounts),
    epochs,
    backend: kernel.name,
    adapter: null,
    backendReason: gpuNote
      ? `auto: ${gpuNote.reason}; trained with the ${kernel.name} CPU kernel`
      : o.backend === 'auto'
        ? `auto: the ${kernel.name} CPU kernel`
        : `the ${kernel.name} CPU kernel, as requested`,
    gpuSelfTest: gpuNote?.selfTest ?? null,
    threads,
    seconds: (performance.now() - started) / 1000,
    summary: {
      users: data.nUsers,
      items: data.nItems,
      ratings: nnz,
      trainRatings: nTrain,
      heldOutRatings: data.heldOut.ratings.length,
    },
    options: plain,
  };
  if (hooks.keepState) {
    result.state = s;
    result.data = data;
  }
  return result;
}

/** The item side of the posterior: what the app keeps (users are refitted from the person's own ratings). */
export function toParams(s: VariationalState, itemIds: Int32Array, itemCounts: Int32Array): ModelParams {
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
