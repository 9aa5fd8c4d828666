// The epoch-shaped trainer around a CPU kernel (native or TypeScript): `trainEpoch()` runs one pass
// in batches (progress per batch, cancel between batches, a loud failure when the loss stops being a
// number) and then the closed-form variance updates; `finalize()` gives the model as it is, after
// any epoch. `openTrainer` picks it or the GPU's (gpu/trainer.ts) for the backend asked for, and
// `trainModel` is the thin loop over either that the worker's 'train' task and calibration use.
import type { RatingsMatrix } from '../datasets/types.ts';
import { AppError } from '../errors.ts';
import { batchBounds, prepareData, splitMask, type PreparedData } from './data.ts';
import { tryGpu } from './gpu/select.ts';
import { EarlyStop, PosteriorSnapshot } from './early-stop.ts';
import { heldOutRmse, klDivergence, updatePriorScale, updateVariances } from './epoch.ts';
import { jsKernel } from './kernel-js.ts';
import { loadNativeKernel } from './native.ts';
import type { Kernel } from './kernel.ts';
import { priorVariances, resolveOptions, type TrainOptions } from './options.ts';
import { initState, type VariationalState } from './state.ts';
import {
  cancelledError,
  divergedError,
  epochLoss,
  epochProgress,
  type EpochHooks,
  type EpochTrainer,
  type TrainHooks,
  type TrainResult,
  toParams,
  trainSummary,
} from './trainer.ts';
import type { EpochMetrics, GpuSelfTest, TrainSummary } from './types.ts';

export type { EpochHooks, EpochMetrics, EpochTrainer, TrainHooks, TrainResult, TrainSummary };
export { toParams };

export function pickKernel(backend: TrainOptions['backend']): Kernel {
  if (backend === 'js') return jsKernel;
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

export class Trainer implements EpochTrainer {
  readonly options: TrainOptions;
  readonly kernel: Kernel;
  readonly threads: number;
  readonly data: PreparedData;
  /** Each epoch's batches over data.train, in order (data.ts batchBounds). */
  private readonly batches: Array<[number, number]>;
  readonly state: VariationalState;
  readonly epochs: EpochMetrics[] = [];
  private readonly matrix: RatingsMatrix;
  private readonly priorShape: Float32Array;
  private readonly started = performance.now();
  private readonly earlyStop: EarlyStop | undefined;
  private readonly best = new PosteriorSnapshot();
  /** Why this CPU kernel trains (set by openTrainer when "auto" passed over the GPU). */
  backendNote: { reason: string; gpuSelfTest: GpuSelfTest | null } | undefined;

  constructor(matrix: RatingsMatrix, options: Partial<TrainOptions>, kernel?: Kernel) {
    const o = resolveOptions(options);
    if (matrix.ratings.length === 0)
      throw new AppError('NO_DATA', 'There are no ratings to train on: import MovieLens first.');
    this.options = o;
    this.matrix = matrix;
    this.kernel = kernel ?? pickKernel(o.backend);
    this.threads = this.kernel.name === 'js' ? 1 : o.threads;
    const mask = o.heldOut ?? splitMask(matrix.ratings.length, o.validation, o.seed);
    // Blocks for the threads (data.ts): the native kernel runs a round's blocks in parallel, and
    // each batch is one round of about batchSize examples.
    this.data = prepareData(matrix, mask, o.seed, this.threads, o.batchSize);
    this.batches = batchBounds(this.data.train, o.batchSize);
    this.priorShape = priorVariances({ ...o, priorScale: 1 });
    this.state = initState(this.data, {
      dim: o.dim,
      priorVar: priorVariances(o),
      userBiasPrior: o.userBiasPrior,
      itemBiasPrior: o.itemBiasPrior,
      seed: o.seed,
      threads: this.threads,
    });
    if (EarlyStop.applies(o, this.data.heldOut.ratings.length)) this.earlyStop = new EarlyStop(o);
  }

  /** All the epochs the options ask for have run, or early stopping ended training. */
  get done(): boolean {
    return this.epochs.length >= this.options.epochs || this.earlyStop?.stopped === true;
  }

  /** One pass over the training ratings, then the closed-form variance and noise updates. */
  async trainEpoch(hooks: EpochHooks = {}): Promise<EpochMetrics> {
    const { options: o, data, state, kernel } = this;
    const epoch = this.epochs.length;
    const epochStart = performance.now();
    const decay = 1 / (1 + o.lrDecay * epoch);
    const prev = this.epochs[epoch - 1];
    const nTrain = data.train.ratings.length;
    const nBatches = this.batches.length;
    let sse = 0;
    let ese = 0;
    for (let b = 0; b < nBatches; b++) {
      if (hooks.signal?.aborted) throw cancelledError();
      const [start, end] = this.batches[b]!;
      const sums = await kernel.run(data.train, state, {
        start,
        end,
        lr: o.lr * decay,
        lrBias: o.lrBias * decay,
        threads: this.threads,
      });
      sse += sums.sse;
      ese += sums.ese;
      if (!Number.isFinite(sums.ese))
        throw divergedError(sums.ese, epoch + 1, `batch ${b + 1} (${kernel.name} backend)`);
      hooks.onProgress?.(
        epochProgress({
          epoch,
          epochs: o.epochs,
          within: (b + 1) / nBatches,
          started: this.started,
          prev,
          batch: { index: b, count: nBatches },
          trainRmse: Math.sqrt(sse / end),
        }),
      );
      await nextTick();
    }
    if (o.learnPrior) updatePriorScale(state, this.priorShape, data.userCounts, data.itemCounts);
    const kl = kernel.endEpoch
      ? kernel.endEpoch(state, data.userCounts, data.itemCounts, ese, nTrain)
      : (updateVariances(state, data.userCounts, data.itemCounts, ese, nTrain),
        klDivergence(state, data.userCounts, data.itemCounts));
    const loss = epochLoss(ese, nTrain, state.noiseVar, kl);
    if (!Number.isFinite(loss)) throw divergedError(loss, epoch + 1);
    const m: EpochMetrics = {
      epoch: epoch + 1,
      loss,
      trainRmse: Math.sqrt(sse / nTrain),
      valRmse:
        data.heldOut.ratings.length > 0 ? (kernel.heldOutRmse ?? heldOutRmse)(state, data.heldOut) : null,
      noiseVar: state.noiseVar,
      seconds: (performance.now() - epochStart) / 1000,
    };
    this.epochs.push(m);
    if (this.earlyStop?.observe(m.epoch, m.valRmse!)) this.best.take(state);
    return m;
  }

  /** The model as it stands (after any number of epochs). keepState adds the full posterior and split. */
  finalize(keepState = false): TrainResult {
    const { heldOut: _heldOut, ...plain } = this.options;
    const { data, state, earlyStop } = this;
    // The best epoch's posterior and metrics, when later epochs did not beat it.
    const kept = earlyStop && earlyStop.bestEpoch > 0 ? earlyStop.bestEpoch : this.epochs.length;
    if (kept < this.epochs.length) this.best.restore(state);
    const result: TrainResult = {
      params: toParams(state, this.matrix.itemIds, data.itemCounts),
      epochs: this.epochs.slice(0, kept),
      ...(earlyStop ? { earlyStop: earlyStop.info(this.epochs.length) } : {}),
      backend: this.kernel.name,
      adapter: null,
      backendReason:
        this.backendNote?.reason ??
        (this.options.backend === 'auto'
          ? `auto: the ${this.kernel.name} CPU kernel`
          : `the ${this.kernel.name} CPU kernel, as requested`),
      gpuSelfTest: this.backendNote?.gpuSelfTest ?? null,
      threads: this.threads,
      seconds: (performance.now() - this.started) / 1000,
      summary: trainSummary(data, this.matrix.ratings.length),
      options: plain,
    };
    if (keepState) {
      result.state = state;
      result.data = data;
    }
    return result;
  }
}

/**
 * The trainer for the backend asked for: 'native'/'js' a CPU Trainer; 'gpu' the GPU's (or an error
 * saying why there is none); 'auto' the GPU's when there is a real GPU whose self-test agrees with
 * the CPU kernel, else a CPU Trainer that says why.
 */
export async function openTrainer(
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
  hooks: EpochHooks = {},
): Promise<EpochTrainer> {
  const o = resolveOptions(options);
  if ((o.backend !== 'gpu' && o.backend !== 'auto') || matrix.ratings.length === 0)
    return new Trainer(matrix, o);
  const gpu = await tryGpu(matrix, o, hooks);
  if (gpu.ok) return gpu.trainer;
  const trainer = new Trainer(matrix, o);
  trainer.backendNote = {
    reason: `auto: ${gpu.reason}; trained with the ${trainer.kernel.name} CPU kernel`,
    gpuSelfTest: gpu.selfTest,
  };
  return trainer;
}

/** Trains for options.epochs epochs: the loop over a trainer that the worker and calibration run. */
export async function trainModel(
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const trainer = await openTrainer(matrix, options, hooks);
  try {
    while (!trainer.done) {
      const m = await trainer.trainEpoch(hooks); // not inside onEpoch?.(): without a hook it would never run
      hooks.onEpoch?.(m);
    }
    return await trainer.finalize(hooks.keepState);
  } finally {
    trainer.close?.();
  }
}
