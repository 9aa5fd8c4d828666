// The conformance test every training kernel must pass, as functions so each runtime can run it
// (test/unit/kernel-conformance.test.ts for the CPU kernels and the GPU under Node, the compute
// window's e2e test for Chromium's WebGPU): on a planted low-rank matrix, held-out entries are
// recovered close to the noise floor, far better than the bias-only baseline, and a user's planted
// favourite ranks first among the items they have not rated.
import { expect } from 'vitest';
import { heldOutRmse, predictRating } from '../../main/model/epoch.ts';
import type { TrainOptions } from '../../main/model/options.ts';
import { createRng, gaussian } from '../../main/model/rng.ts';
import type { EpochTrainer } from '../../main/model/trainer.ts';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { matrixFromTriples } from './ratings-matrix.ts';

const USERS = 400;
const ITEMS = 250;
const RANK = 3;
const NOISE_SD = 0.3;
const DENSITY = 0.25;
/** Stated bound: held-out RMSE within this of the noise floor (0.3). */
export const RMSE_BOUND = 0.45;
const FAVOURITE_USER = 7;

export interface Planted {
  matrix: RatingsMatrix;
  favourite: number;
  /** The favourite's rating is not in the matrix: it must be inferred. */
  rated: Set<number>;
}

export function planted(seed = 11): Planted {
  const rand = createRng(seed);
  const u = Array.from({ length: USERS }, () => Array.from({ length: RANK }, () => 0.6 * gaussian(rand)));
  const v = Array.from({ length: ITEMS }, () => Array.from({ length: RANK }, () => 0.6 * gaussian(rand)));
  const bu = Array.from({ length: USERS }, () => 0.3 * gaussian(rand));
  const bi = Array.from({ length: ITEMS }, () => 0.3 * gaussian(rand));
  // The favourite: an item pointing the favourite user's way, rated by many others (so it is known).
  const favourite = 3;
  const fu = u[FAVOURITE_USER]!;
  const norm = Math.hypot(...fu);
  v[favourite] = fu.map((x) => (1.6 * x) / norm);
  bi[favourite] = 0.4;
  const rows: { user: number; item: number; rating: number; ts: number }[] = [];
  const rated = new Set<number>();
  for (let a = 0; a < USERS; a++)
    for (let i = 0; i < ITEMS; i++) {
      if (a === FAVOURITE_USER && i === favourite) continue;
      if (rand() > DENSITY) continue;
      let r = 3.5 + bu[a]! + bi[i]! + NOISE_SD * gaussian(rand);
      for (let k = 0; k < RANK; k++) r += u[a]![k]! * v[i]![k]!;
      rows.push({ user: a + 1, item: i + 1, rating: Math.min(5, Math.max(0.5, r)), ts: 0 });
      if (a === FAVOURITE_USER) rated.add(i);
    }
  return { matrix: matrixFromTriples(rows), favourite, rated };
}

/** The options every kernel is held to (threads: what the kernel runs with). */
export const conformanceOptions = (threads: number): Partial<TrainOptions> => ({
  epochs: 40,
  seed: 3,
  validation: 0.1,
  threads,
  dim: 8,
});

/** Trains `trainer` (opened on planted().matrix with conformanceOptions) and checks it. */
export async function expectConformance(data: Planted, trainer: EpochTrainer): Promise<void> {
  const { matrix } = data;
  while (!trainer.done) await trainer.trainEpoch();
  // The model as it stands, with the posterior and the split (a GPU reads it back here).
  const result = await trainer.finalize(true);
  const state = result.state!;
  const split = result.data!;
  // Early stopping keeps the best epoch: its metrics end the result, and the posterior handed back
  // is that epoch's (its held-out RMSE, recomputed here, is the one recorded then).
  const last = result.epochs.at(-1)!;
  expect(last.valRmse!).toBe(Math.min(...trainer.epochs.map((m) => m.valRmse!)));
  expect(heldOutRmse(state, split.heldOut)).toBeCloseTo(last.valRmse!, 4);
  // Bias-only baseline on the same split: the item and user means the planted factors add to.
  const { heldOut } = split;
  const itemSum = new Float64Array(ITEMS);
  const itemN = new Float64Array(ITEMS);
  const tr = split.train;
  for (let p = 0; p < tr.ratings.length; p++) {
    itemSum[tr.items[p]!]! += tr.ratings[p]! - state.mu;
    itemN[tr.items[p]!]!++;
  }
  let se = 0;
  for (let p = 0; p < heldOut.ratings.length; p++) {
    const i = heldOut.items[p]!;
    const e = heldOut.ratings[p]! - (state.mu + itemSum[i]! / Math.max(1, itemN[i]! + 5));
    se += e * e;
  }
  const itemBiasRmse = Math.sqrt(se / heldOut.ratings.length);
  expect(last.valRmse!).toBeLessThan(RMSE_BOUND);
  expect(last.valRmse!).toBeLessThan(0.75 * itemBiasRmse);

  // Rank every item the favourite user did not rate (dense indices follow the sorted ids).
  const user = [...matrix.userIds].indexOf(FAVOURITE_USER + 1);
  const scores = [];
  for (let i = 0; i < ITEMS; i++) {
    if (data.rated.has(i)) continue;
    const dense = [...matrix.itemIds].indexOf(i + 1);
    scores.push({ item: i, mean: predictRating(state, user, dense).mean });
  }
  scores.sort((a, b) => b.mean - a.mean);
  expect(scores[0]!.item).toBe(data.favourite);

  // Usable after any epoch: finalize gives the model as it stands.
  expect(result.params.itemFactorMean.length).toBe(matrix.itemIds.length * 8);
}
