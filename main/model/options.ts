// Training options: what a user picks (dim, epochs, seed, threads, backend) and the model's
// hyperparameters (priors, learning rates), with the defaults tuned on MovieLens (see README).

import { BACKENDS } from '../settings/types.ts';
import type { TrainOptions } from './types.ts';

export type { Backend, TrainOptions } from './types.ts';

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
  itemBiasPrior: 0.2,
  lr: 0.1,
  lrBias: 0.03,
  lrDecay: 0.1,
  batchSize: 1 << 20,
  patience: 2,
  minDelta: 2.5e-4,
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
  if (!(BACKENDS as readonly string[]).includes(o.backend))
    bad(`backend must be auto, native, js or gpu (got ${o.backend})`);
  if (!Number.isInteger(o.patience) || o.patience < 0)
    bad(`patience must be a non-negative integer (got ${o.patience})`);
  if (!(o.minDelta >= 0)) bad(`minDelta must be >= 0 (got ${o.minDelta})`);
  if (!(o.batchSize >= 1)) bad(`batchSize must be positive (got ${o.batchSize})`);
  return o;
}

/** Prior variance per factor dimension: strictly decreasing, which orders the factors and pins rotation. */
export function priorVariances(o: Pick<TrainOptions, 'dim' | 'priorScale' | 'priorDecay'>): Float32Array {
  return Float32Array.from({ length: o.dim }, (_, k) => o.priorScale * Math.pow(o.priorDecay, k));
}
