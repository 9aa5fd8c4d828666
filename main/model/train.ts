// The epoch-shaped trainer around a kernel (native or TypeScript): `trainEpoch()` runs one pass in
// batches (progress per batch, cancel between batches, a loud failure when the loss stops being a
// number) and then the closed-form variance updates; `finalize()` gives the model as it is, after
// any epoch. `trainModel` is the thin loop the worker's 'train' task and calibration use.
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
import type { EpochMetrics, ModelParams, TrainedModel, TrainSummary } from './types.ts';

export type { EpochMetrics, TrainSummary };

export interface TrainResult extends TrainedModel {
  /** Only with keepState: the full posterior (users too) and the data split, for calibration. */
  state?: VariationalState;
  data?: PreparedData;
}

export interface EpochHooks {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
}

export interface TrainHooks extends EpochHooks {
  onEpoch?(m: EpochMetrics): void;
  keepState?: boolean;
}

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

export class Trainer {
  readonly options: TrainOptions;
  readonly kernel: Kernel;
  readonly threads: number;
  readonly data: PreparedData;
  readonly state: VariationalState;
  readonly epochs: EpochMetrics[] = [];
  private readonly matrix: RatingsMatrix;
  private readonly priorShape: Float32Array;
  private readonly started = performance.now();

  constructor(matrix: RatingsMatrix, options: Partial<TrainOptions>, kernel?: Kernel) {
    const o = resolveOptions(options);
    if (matrix.ratings.length === 0)
      throw new AppError('NO_DATA', 'There are no ratings to train on: import MovieLens first.');
    this.options = o;
    this.matrix = matrix;
    this.kernel = kernel ?? pickKernel(o.backend);
    this.threads = this.kernel.name === 'js' ? 1 : o.threads;
    const mask = o.heldOut ?? splitMask(matrix.ratings.length, o.validation, o.seed);
    this.data = prepareData(matrix, mask, o.seed);
    this.priorShape = priorVariances({ ...o, priorScale: 1 });
    this.state = initState(this.data, {
      dim: o.dim,
      priorVar: priorVariances(o),
      userBiasPrior: o.userBiasPrior,
      itemBiasPrior: o.itemBiasPrior,
      seed: o.seed,
      threads: this.threads,
    });
  }

  /** All the epochs the options ask for have run. */
  get done(): boolean {
    return this.epochs.length >= this.options.epochs;
  }

  /** One pass over the training ratings, then the closed-form variance and noise updates. */
  async trainEpoch(hooks: EpochHooks = {}): Promise<EpochMetrics> {
    const { options: o, data, state, kernel } = this;
    const epoch = this.epochs.length;
    const epochStart = performance.now();
    const decay = 1 / (1 + o.lrDecay * epoch);
    const prev = this.epochs[epoch - 1];
    const nTrain = data.train.ratings.length;
    const nBatches = Math.max(1, Math.ceil(nTrain / o.batchSize));
    let sse = 0;
    let ese = 0;
    for (let b = 0; b < nBatches; b++) {
      if (hooks.signal?.aborted)
        throw new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
      const start = b * o.batchSize;
      const end = Math.min(nTrain, start + o.batchSize);
      const sums = await kernel.run(data.train, state, {
        start,
        end,
        lr: o.lr * decay,
        lrBias: o.lrBias * decay,
        threads: this.threads,
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
      hooks.onProgress?.(this.progress(epoch, b, nBatches, end, sse, prev));
      await nextTick();
    }
    if (o.learnPrior) updatePriorScale(state, this.priorShape, data.userCounts, data.itemCounts);
    updateVariances(state, data.userCounts, data.itemCounts, ese, nTrain);
    const kl = klDivergence(state, data.userCounts, data.itemCounts);
    const loss =
      (0.5 * ese) / nTrain / state.noiseVar + 0.5 * Math.log(2 * Math.PI * state.noiseVar) + kl / nTrain;
    if (!Number.isFinite(loss))
      throw new AppError(
        'DIVERGED',
        `Training diverged: the loss became ${loss} after epoch ${epoch + 1}. Nothing was saved.`,
      );
    const m: EpochMetrics = {
      epoch: epoch + 1,
      loss,
      trainRmse: Math.sqrt(sse / nTrain),
      valRmse: data.heldOut.ratings.length > 0 ? heldOutRmse(state, data.heldOut) : null,
      noiseVar: state.noiseVar,
      seconds: (performance.now() - epochStart) / 1000,
    };
    this.epochs.push(m);
    return m;
  }

  /** The model as it stands (after any number of epochs). keepState adds the full posterior and split. */
  finalize(keepState = false): TrainResult {
    const { heldOut: _heldOut, ...plain } = this.options;
    const { data, state } = this;
    const result: TrainResult = {
      params: toParams(state, this.matrix.itemIds, data.itemCounts),
      epochs: [...this.epochs],
      backend: this.kernel.name,
      threads: this.threads,
      seconds: (performance.now() - this.started) / 1000,
      summary: {
        users: data.nUsers,
        items: data.nItems,
        ratings: this.matrix.ratings.length,
        trainRatings: data.train.ratings.length,
        heldOutRatings: data.heldOut.ratings.length,
      },
      options: plain,
    };
    if (keepState) {
      result.state = state;
      result.data = data;
    }
    return result;
  }

  private progress(
    epoch: number,
    batch: number,
    nBatches: number,
    end: number,
    sse: number,
    prev: EpochMetrics | undefined,
  ): JobProgress {
    const total = this.options.epochs;
    const fraction = (epoch * nBatches + batch + 1) / (total * nBatches);
    const elapsed = (performance.now() - this.started) / 1000;
    return {
      fraction,
      done: epoch,
      total,
      unit: 'epochs',
      message: [
        `Epoch ${epoch + 1}/${total}`,
        nBatches > 1 ? `batch ${batch + 1}/${nBatches}` : '',
        prev?.valRmse != null ? `val RMSE ${prev.valRmse.toFixed(3)}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
      metrics: {
        epoch: epoch + 1,
        batch: batch + 1,
        batches: nBatches,
        trainRmse: Math.sqrt(sse / end),
        etaSeconds: (elapsed * (1 - fraction)) / fraction,
        ...(prev ? { loss: prev.loss, ...(prev.valRmse !== null ? { valRmse: prev.valRmse } : {}) } : {}),
      },
    };
  }
}

/** Trains for options.epochs epochs: the loop over Trainer that the worker and calibration run. */
export async function trainModel(
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
  hooks: TrainHooks = {},
): Promise<TrainResult> {
  const trainer = new Trainer(matrix, options);
  while (!trainer.done) {
    const m = await trainer.trainEpoch(hooks); // not inside onEpoch?.(): without a hook it would never run
    hooks.onEpoch?.(m);
  }
  return trainer.finalize(hooks.keepState);
}

/** The item side of the posterior: what the app keeps (users are refitted from the person's own ratings). */
export function toParams(state: VariationalState, itemIds: Int32Array, itemCounts: Int32Array): ModelParams {
  return {
    dim: state.dim,
    mu: state.mu,
    noiseVar: state.noiseVar,
    priorVar: Float32Array.from(state.priorVar),
    itemIds: Int32Array.from(itemIds),
    itemBiasMean: state.itemBias,
    itemBiasVar: state.itemBiasVar,
    itemFactorMean: state.itemMean,
    itemFactorVar: state.itemVar,
    itemCounts: Int32Array.from(itemCounts),
  };
}
