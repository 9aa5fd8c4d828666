// Everything a GPU run needs before its first epoch, prepared on the CPU exactly as the CPU
// trainer prepares it (split, seeded order, initial posterior), plus the stratified schedule, and
// the uniform parameters of each epoch (the step sizes decay as on the CPU).
import type { RatingsMatrix } from '../../datasets/types.ts';
import { AppError } from '../../errors.ts';
import { prepareData, splitMask, type PreparedData } from '../data.ts';
import { priorVariances, resolveOptions, type TrainOptions } from '../options.ts';
import { initState, type VariationalState } from '../state.ts';
import type { EpochParams } from './driver.ts';
import { planSchedule, type Schedule } from './schedule.ts';

export interface GpuRun {
  o: TrainOptions;
  data: PreparedData;
  state: VariationalState;
  schedule: Schedule;
  /** The prior's shape (scale 1), for the empirical-Bayes prior update. */
  shape: Float32Array;
  itemIds: Int32Array;
  ratings: number;
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
  const shape = priorVariances({ ...o, priorScale: 1 });
  return { o, data, state, schedule, shape, itemIds: matrix.itemIds, ratings: nnz };
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
