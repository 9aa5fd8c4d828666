// Training options: what a user picks (dim, epochs, seed, threads, backend) and the model's
// hyperparameters (priors, learning rates), with the defaults tuned on MovieLens (see README).

import type { Backend } from './types.ts';

export type { Backend };

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
}

export const defaultTrainOptions: TrainOptions = {
  dim: 20,
  epochs: 30,
  seed: 42,
  threads: 2,
  backend: 'auto',
  validation: 0.02,
  priorScale: 0.3,
  priorDecay: 0.8,
  learnPrior: false,
  userBiasPrior: 0.3,
  itemBiasPrior: 0.3,
  lr: 0.1,
  lrBias: 0.03,
  lrDecay: 0.1,
  batchSize: 1 << 20,
};

export function resolveOptions(partial: Partial<TrainOptions> = {}): TrainOptions {
  const o: TrainOptions = { ...defaultTrainOptions };
  for (const [k, v] of Object.entries(partial))
    if (v !== undefined) (o as unknown as Record<string, unknown>)[k] = v;
  const bad = (what: string) => {
    throw new RangeError(`Invalid training option: ${what}`);
  };
  if (!Number.isInteger(o.dim) || o.dim < 1 || o.dim > 256)
    bad(`dim must be an integer in 1..256 (got ${o.dim})`);
  if (!Number.isInteger(o.epochs) || o.epochs < 1 || o.epochs > 1000)
    bad(`epochs must be an integer in 1..1000 (got ${o.epochs})`);
  if (!Number.isInteger(o.threads) || o.threads < 1 || o.threads > 64)
    bad(`threads must be an integer in 1..64 (got ${o.threads})`);
  if (!Number.isInteger(o.seed)) bad(`seed must be an integer (got ${o.seed})`);
  if (!(o.validation >= 0 && o.validation < 0.5)) bad(`validation must be in [0, 0.5) (got ${o.validation})`);
  if (!['auto', 'native', 'js'].includes(o.backend))
    bad(`backend must be auto, native or js (got ${o.backend})`);
  if (!(o.batchSize >= 1)) bad(`batchSize must be positive (got ${o.batchSize})`);
  return o;
}

/** Prior variance per factor dimension: strictly decreasing, which orders the factors and pins rotation. */
export function priorVariances(o: Pick<TrainOptions, 'dim' | 'priorScale' | 'priorDecay'>): Float32Array {
  return Float32Array.from({ length: o.dim }, (_, k) => o.priorScale * Math.pow(o.priorDecay, k));
}
