// What every trainer is, whatever runs its epochs (a CPU kernel in this process, or a GPU): the
// epoch-shaped interface trainModel loops over, its result, and the pieces both kinds share (the
// per-epoch loss, progress, and the errors a diverging run raises).
import type { JobProgress } from '../jobs/types.ts';
import { AppError } from '../errors.ts';
import type { PreparedData } from './data.ts';
import type { EarlyStopInfo } from './early-stop.ts';
import type { TrainOptions } from './options.ts';
import type { VariationalState } from './state.ts';
import type { EpochMetrics, ModelParams, TrainedModel, TrainSummary } from './types.ts';

export interface TrainResult extends TrainedModel {
  /** Only with keepState: the full posterior (users too) and the data split, for calibration. */
  state?: VariationalState;
  data?: PreparedData;
  /** When the validation slice was watched (early-stop.ts): the epoch kept and how many ran. */
  earlyStop?: EarlyStopInfo;
}

export interface EpochHooks {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
}

export interface TrainHooks extends EpochHooks {
  onEpoch?(m: EpochMetrics): void;
  keepState?: boolean;
}

export interface EpochTrainer {
  readonly options: TrainOptions;
  readonly epochs: EpochMetrics[];
  /** All the epochs the options ask for have run, or early stopping ended training. */
  readonly done: boolean;
  /** One pass over the training ratings, then the closed-form variance and noise updates. */
  trainEpoch(hooks?: EpochHooks): Promise<EpochMetrics>;
  /** The model as it stands (after any number of epochs). keepState adds the full posterior and split. */
  finalize(keepState?: boolean): TrainResult | Promise<TrainResult>;
  /** Frees what the trainer holds outside the JS heap (a GPU device); the trainer is done with after. */
  close?(): void;
}

/** Negative ELBO per training rating: expected negative log-likelihood plus KL / n. */
export function epochLoss(ese: number, nTrain: number, noiseVar: number, kl: number): number {
  return (0.5 * ese) / nTrain / noiseVar + 0.5 * Math.log(2 * Math.PI * noiseVar) + kl / nTrain;
}

export function cancelledError(): AppError {
  return new AppError('CANCELLED', 'Training was cancelled; the previous model is unchanged.');
}

/** The loss stopped being a number: during a pass (where is said by `at`) or after an epoch. */
export function divergedError(value: number, epoch: number, at?: string): AppError {
  return at
    ? new AppError(
        'DIVERGED',
        `Training diverged: the loss became ${value} in epoch ${epoch}, ${at}. ` +
          'Nothing was saved; try a smaller learning rate or dimension.',
      )
    : new AppError(
        'DIVERGED',
        `Training diverged: the loss became ${value} after epoch ${epoch}. Nothing was saved.`,
      );
}

/** The job progress both trainers report between batches (CPU) or submissions (GPU). */
export function epochProgress(p: {
  epoch: number;
  epochs: number;
  /** Share of this epoch done, (0, 1]. */
  within: number;
  started: number;
  prev: EpochMetrics | undefined;
  batch?: { index: number; count: number };
  trainRmse?: number;
}): JobProgress {
  const { epoch, epochs: total, prev, batch } = p;
  const fraction = (epoch + p.within) / total;
  return {
    fraction,
    done: epoch,
    total,
    unit: 'epochs',
    message: [
      `Epoch ${epoch + 1}/${total}`,
      batch && batch.count > 1 ? `batch ${batch.index + 1}/${batch.count}` : '',
      prev?.valRmse != null ? `val RMSE ${prev.valRmse.toFixed(3)}` : '',
    ]
      .filter(Boolean)
      .join(' · '),
    metrics: {
      epoch: epoch + 1,
      ...(batch ? { batch: batch.index + 1, batches: batch.count } : {}),
      ...(p.trainRmse !== undefined ? { trainRmse: p.trainRmse } : {}),
      ...(prev ? { loss: prev.loss, ...(prev.valRmse !== null ? { valRmse: prev.valRmse } : {}) } : {}),
    },
  };
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

/** How much a run trained on (the users and items of the prepared split, and its ratings). */
export function trainSummary(data: PreparedData, ratings: number): TrainSummary {
  return {
    users: data.nUsers,
    items: data.nItems,
    ratings,
    trainRatings: data.train.ratings.length,
    heldOutRatings: data.heldOut.ratings.length,
  };
}
