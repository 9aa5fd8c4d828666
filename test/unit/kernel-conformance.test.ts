// The conformance test every training kernel must pass (as implicit's recommender tests do for each
// model): on a planted low-rank matrix, held-out entries are recovered close to the noise floor,
// far better than the bias-only baseline, and a user's planted favourite ranks first among the items
// they have not rated. Synthetic, so it runs everywhere; the GPU kernel is held to it too.
import { describe, expect, it } from 'vitest';
import { Trainer } from '../../main/model/train.ts';
import { predictRating } from '../../main/model/epoch.ts';
import { createRng, gaussian } from '../../main/model/rng.ts';
import { matrixFromTriples } from '../support/ratings-matrix.ts';
import { kernelsUnderTest } from '../support/kernels.ts';

const USERS = 400;
const ITEMS = 250;
const RANK = 3;
const NOISE_SD = 0.3;
const DENSITY = 0.25;
/** Stated bound: held-out RMSE within this of the noise floor (0.3). */
const RMSE_BOUND = 0.45;
const FAVOURITE_USER = 7;

interface Planted {
  rows: { user: number; item: number; rating: number; ts: number }[];
  favourite: number;
  /** The favourite's rating is not in rows: it must be inferred. */
  rated: Set<number>;
}

function planted(seed: number): Planted {
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
  const rows: Planted['rows'] = [];
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
  return { rows, favourite, rated };
}

describe('training kernel conformance (planted low-rank matrix)', () => {
  const data = planted(11);
  const matrix = matrixFromTriples(data.rows);

  for (const k of kernelsUnderTest()) {
    it.skipIf(!k.kernel)(
      `${k.name}: recovers held-out entries within ${RMSE_BOUND} RMSE and ranks the planted favourite first${k.skip ? ` (${k.skip})` : ''}`,
      async () => {
        const trainer = new Trainer(
          matrix,
          { epochs: 40, seed: 3, validation: 0.1, threads: k.threads, dim: 8 },
          k.kernel!,
        );
        while (!trainer.done) await trainer.trainEpoch();
        const last = trainer.epochs.at(-1)!;
        // Bias-only baseline on the same split: the item and user means the planted factors add to.
        const { heldOut } = trainer.data;
        const itemSum = new Float64Array(ITEMS);
        const itemN = new Float64Array(ITEMS);
        const tr = trainer.data.train;
        for (let p = 0; p < tr.ratings.length; p++) {
          itemSum[tr.items[p]!]! += tr.ratings[p]! - trainer.state.mu;
          itemN[tr.items[p]!]!++;
        }
        let se = 0;
        for (let p = 0; p < heldOut.ratings.length; p++) {
          const i = heldOut.items[p]!;
          const e = heldOut.ratings[p]! - (trainer.state.mu + itemSum[i]! / Math.max(1, itemN[i]! + 5));
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
          scores.push({ item: i, mean: predictRating(trainer.state, user, dense).mean });
        }
        scores.sort((a, b) => b.mean - a.mean);
        expect(scores[0]!.item).toBe(data.favourite);

        // Usable after any epoch: finalize gives the model as it stands.
        expect(trainer.finalize().params.itemFactorMean.length).toBe(matrix.itemIds.length * 8);
      },
    );
  }
});
