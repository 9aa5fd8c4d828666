// A trained model as the rest of the app uses it (recommendations, theta fits, calibration).
// Factor matrices are item-major: factor k of item i is at [i * dim + k]. Also the model domain's
// shapes that cross IPC (kept here: the renderer's type check includes main/**/types.ts only).
import type { Backend } from '../settings/types.ts';
import type { ModelSummary } from '../status/types.ts';
import type { GpuAdapterSummary, GpuSelfTest, GpuStatus } from './gpu/types.ts';
import type { MetadataFitReport } from './metadata/types.ts';
import type { NoEvents } from '../worker/contract.ts';

export type { GpuAdapterSummary, GpuSelfTest, GpuStatus };

export interface ModelParams {
  dim: number;
  /** Global mean rating (0.5..5 scale). */
  mu: number;
  /** Learned observation noise variance sigma^2. */
  noiseVar: number;
  /** Prior variance of factor dimension k (decreasing in k: factors are ordered). */
  priorVar: Float32Array; // [dim]
  itemIds: Int32Array; // [items] MovieLens movieId, ascending (same order as RatingsMatrix.itemIds)
  itemBiasMean: Float32Array; // [items]
  itemBiasVar: Float32Array; // [items]
  itemFactorMean: Float32Array; // [items * dim]
  itemFactorVar: Float32Array; // [items * dim] mean-field variances
  itemCounts: Int32Array; // [items] training ratings per item
}

export type { Backend };

/** The backend that actually trained a model. */
export type RanBackend = 'native' | 'js' | 'gpu';

/** Which backend ran, on which adapter, and why (train --json, Settings → Training). */
export interface BackendChoice {
  backend: RanBackend;
  /** The WebGPU adapter for the gpu backend, else null. */
  adapter: GpuAdapterSummary | null;
  /** Why this backend: what was asked, and why the GPU was or was not used. */
  backendReason: string;
  /** The GPU's self-test when one ran (also when it failed and the CPU took over). */
  gpuSelfTest: GpuSelfTest | null;
}

/** Training options: what a user picks and the model's hyperparameters (defaults in options.ts). */
export interface TrainOptions {
  /** Latent dimensions K. */
  dim: number;
  epochs: number;
  seed: number;
  /** Hogwild threads for the native kernel (the TS reference always uses one). */
  threads: number;
  backend: Backend;
  /** Fraction of ratings held out to report validation RMSE per epoch (0 = none). */
  validation: number;
  /** Ratings to leave out of training (1 = held out), e.g. a calibration split; overrides `validation`. */
  heldOut?: Uint8Array;
  /** Prior variance of factor dimension 0; dimension k gets priorScale * priorDecay^k. */
  priorScale: number;
  priorDecay: number;
  /** Re-fit priorScale to the posterior each epoch (empirical Bayes); priorScale is then only the start. */
  learnPrior: boolean;
  /** Prior variances of user and item biases. */
  userBiasPrior: number;
  itemBiasPrior: number;
  /** SGD step sizes (factor means, bias means) at epoch 0, decayed as lr / (1 + lrDecay * epoch). */
  lr: number;
  lrBias: number;
  lrDecay: number;
  /** Examples per batch: progress, cancellation and the NaN check happen between batches. */
  batchSize: number;
  /**
   * Early stopping on the validation slice (main/model/early-stop.ts): stop after this many epochs
   * in a row that lower validation RMSE by less than minDelta, keeping the best epoch (0 = off).
   * Ignored when heldOut is given.
   */
  patience: number;
  minDelta: number;
}

export interface EpochMetrics {
  epoch: number; // 1-based
  /** Negative ELBO per training rating (expected negative log-likelihood + KL / n). */
  loss: number;
  trainRmse: number;
  /** RMSE on the held-out ratings (null when none are held out). */
  valRmse: number | null;
  noiseVar: number;
  seconds: number;
}

export interface TrainSummary {
  users: number;
  items: number;
  ratings: number;
  trainRatings: number;
  heldOutRatings: number;
}

export interface CalibrationReport {
  rmse: number;
  mae: number;
  coverage80: number;
  coverage95: number;
  /** RMSE / MAE of predicting the global mean of the training ratings. */
  baselineRmse: number;
  baselineMae: number;
  /** RMSE / MAE of the damped bias-only model mu + b_u + b_i. */
  biasOnlyRmse: number;
  biasOnlyMae: number;
  heldOut: number;
  folds: number;
  holdout: number | null;
  seed: number;
  /** Nominal central-interval level vs the share of held-out ratings inside it. */
  reliability: { nominal: number; observed: number }[];
  /** Held-out ratings grouped by predicted mean (0.25-star bins): mean actual rating per bin. */
  predictedVsActual: { predicted: number; actual: number; count: number }[];
  /** Up to 1,500 held-out (predicted, actual) pairs, sampled with the seed, for a scatter plot. */
  sample: { predicted: number; actual: number }[];
  /** Mean predictive standard deviation, and the learned noise sd, for context. */
  meanPredictiveSd: number;
  noiseSd: number;
  perFold: { rmse: number; mae: number; coverage80: number; coverage95: number; epochs: EpochMetrics[] }[];
  backend: RanBackend;
  /** The WebGPU adapter when the gpu backend trained the folds. */
  adapter?: GpuAdapterSummary | null;
  backendReason?: string;
  dim: number;
  epochs: number;
  seconds: number;
}

export interface NativeStatus {
  available: boolean;
  /** Why it is not available (for Settings and `--backend native` errors). */
  reason?: string;
  path: string;
  hardwareThreads?: number;
  /** The kernel's instruction set, chosen at load: 'avx2' (with FMA), 'sse4.2' or 'neon'. */
  simd?: string;
}

export interface ModelInfo {
  id: number;
  createdAt: string;
  active: boolean;
  dim: number;
  epochs: number;
  backend: string;
  /** The GPU adapter's name when the gpu backend trained it. */
  adapter: string | null;
  backendReason: string | null;
  threads: number;
  seconds: number;
  trainRmse: number | null;
  valRmse: number | null;
  data: { users: number; items: number; ratings: number; trainRatings: number; heldOutRatings: number };
  metrics: EpochMetrics[];
}

export interface TrainRequest {
  dim?: number;
  /** The most epochs: early stopping (patience) may end training sooner. */
  epochs?: number;
  seed?: number;
  threads?: number;
  backend?: Backend;
  /** Epochs without a validation gain before stopping (0 = run every epoch); CLI and tests only. */
  patience?: number;
}

export interface CalibrationRequest {
  holdout?: number;
  folds?: number;
  seed?: number;
  dim?: number;
  epochs?: number;
  threads?: number;
  backend?: Backend;
}

export interface TrainOutcome extends BackendChoice {
  modelId: number;
  threads: number;
  seconds: number;
  epochs: number;
  trainRmse: number | null;
  valRmse: number | null;
  users: number;
  items: number;
  ratings: number;
}

export interface EpochEvent extends EpochMetrics {
  jobId: string;
  kind: 'train' | 'check-calibration';
  fold?: number;
}

/** What the compute worker's 'train' task is given (options not set come from the defaults). */
export interface TrainTaskInput {
  dbFile: string;
  options: Partial<Omit<TrainOptions, 'heldOut'>>;
}

export interface CalibrationOptions {
  /** Held-out fraction for a single split (default 0.1); ignored when folds > 1. */
  holdout: number;
  folds: number;
  seed: number;
  train: Partial<Omit<TrainOptions, 'heldOut' | 'seed'>>;
}

export interface CalibrationTaskInput {
  dbFile: string;
  options: CalibrationOptions;
}

/** A trained model as the worker sends it back: the item side of the posterior and how training went. */
/** The trainers always fill the backend fields; a model made elsewhere (tests) may leave them out. */
export interface TrainedModel
  extends Pick<BackendChoice, 'backend'>, Partial<Omit<BackendChoice, 'backend'>> {
  params: ModelParams;
  epochs: EpochMetrics[];
  threads: number;
  seconds: number;
  summary: TrainSummary;
  options: Omit<TrainOptions, 'heldOut'>;
  /**
   * The metadata model fitted on this version (serialised for metadata_models), or why it could not
   * be: its failure never fails training (the model is usable without it, for MovieLens films).
   */
  metadata?: { blob: Uint8Array; report: MetadataFitReport } | { error: string };
}

/** One epoch of a calibration fold (the worker's 'epoch' event during check-calibration). */
export type FoldEpochMetrics = EpochMetrics & { fold: number };

/** The 'model/changed' event: the active model now (trained, or another version activated). */
export interface ModelChanged {
  model: ModelSummary | null;
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    train: TrainOutcome;
    'check-calibration': CalibrationReport;
  }
}

// This domain's events (its part of the EventMap the UI hears).
declare module '../events.ts' {
  interface EventMap {
    /** The active model changed (trained, or another version activated). */
    'model/changed': ModelChanged;
    /** One training epoch finished (never throttled): the Training pane's live chart. */
    'model/epoch': EpochEvent;
  }
}

// This domain's compute-worker tasks (its part of the worker's TaskMap).
declare module '../worker/contract.ts' {
  interface TaskMap {
    train: { input: TrainTaskInput; output: TrainedModel; events: { epoch: EpochMetrics } };
    'check-calibration': {
      input: CalibrationTaskInput;
      output: CalibrationReport;
      events: { epoch: FoldEpochMetrics };
    };
    /** Whether the native kernel loads in the worker (where training runs). */
    'model-backend': { input: null; output: NativeStatus; events: NoEvents };
    /** The WebGPU adapter the worker's GPU provider sees (Node's webgpu, or the compute window). */
    'gpu-status': { input: null; output: GpuStatus; events: NoEvents };
    /** The catalogue's titles outside MovieLens placed by a version's metadata model (null: it has none). */
    'place-catalogue': { input: PlaceCatalogueInput; output: Placement | null; events: NoEvents };
  }
}

export interface PlaceCatalogueInput {
  dbFile: string;
  modelId: number;
  minVotes: number;
}
export type { Placement } from './metadata/placements.ts';
import type { Placement } from './metadata/placements.ts';

/** A model version's parameters with its id: the active model as the rest of the app uses it. */
export type ActiveModel = ModelParams & { id: number };

/** Where a prediction's item posterior comes from (model/metadata/). */
export type { PosteriorSource } from './metadata/types.ts';
export type { ItemPosterior, TitleMetadata } from './metadata/types.ts';
export type { ColdTitle } from './metadata/catalogue.ts';
