// The Done-when check on real data: ml-latest-small users with at least 50 ratings are left out of
// model training (in folds: each fold's users are removed from the RatingsMatrix the model trains
// on); for each of them a random 80% of their ratings is written as an IMDb-style export (movieId ->
// tconst via links, 0.5-5 stars -> 1-10), imported through the app's import path and fitted in the
// compute worker; the other 20% is predicted. Compared with the item-bias-only baseline (mu + b_i),
// and the 80% predictive intervals are checked for calibration.
import { describe, expect, it } from 'vitest';
import { loadFit } from '../../main/profile/store.ts';
import { itemIndex } from '../../main/catalogue/items.ts';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import { normQuantile } from '../../main/stats/normal.ts';
import {
  eligibleUsers,
  foldOf,
  heldOutData,
  heldOutServices,
  importOnly,
  splitUser,
  trainWithout,
} from '../support/heldout.ts';
import { hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

const FOLDS = 3;
const MIN_RATINGS = 50;

describe.skipIf(!hasSharedData)(
  `held-out users on ml-latest-small (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const h = heldOutServices();

    it('predicts held-out ratings better than the item-bias baseline, with calibrated 80% intervals', async () => {
      const s = h.services();
      const { full, movies } = heldOutData(s);
      const { users: shuffled, r } = eligibleUsers(full, MIN_RATINGS, 2024);
      const z80 = normQuantile(0.9);
      let n = 0,
        sseTheta = 0,
        sseBias = 0,
        sseUserMean = 0,
        inside = 0,
        insideCont = 0,
        users = 0,
        skippedItems = 0;
      const started = performance.now();
      for (let fold = 0; fold < FOLDS; fold++) {
        const foldUsers = foldOf(shuffled, FOLDS, fold);
        const { model } = await trainWithout(s, full, foldUsers, { seed: 7 + fold });
        for (const u of foldUsers) {
          const split = splitUser(full, u, r);
          const test = split.hidden;
          // The app sees only an IMDb-style export of the 80%.
          const { rows: train, outcome } = await importOnly(
            s,
            h,
            `user-${full.userIds[u]}`,
            split.shown,
            movies,
          );
          expect(outcome.rows).toBe(train.length);
          expect(outcome.fit?.ratingsUsed).toBeGreaterThan(0);
          const fit = loadFit(s.db, model.id)!;
          const trainBiasMean =
            train.reduce((a, x) => {
              const i = itemIndex(model, x.movieId);
              return a + (i >= 0 ? x.stars - model.mu - model.itemBiasMean[i]! : 0);
            }, 0) / train.length;
          users++;
          for (const x of test) {
            const i = itemIndex(model, x.movieId);
            if (i < 0) {
              skippedItems++;
              continue;
            }
            const p = predictUserScale(model, fit.posterior, i);
            const y = x.stars * 2;
            const sd = Math.sqrt(p.variance);
            sseTheta += ((p.mean - y) / 2) ** 2;
            sseBias += (model.mu + model.itemBiasMean[i]! - x.stars) ** 2;
            sseUserMean += (model.mu + model.itemBiasMean[i]! + trainBiasMean - x.stars) ** 2;
            if (Math.abs(y - p.mean) <= z80 * sd) inside++;
            // The rating is a rounded value (half stars): count it inside when its rounding cell overlaps the interval's middle.
            if (Math.abs(y - p.mean) <= z80 * sd + 0.5) insideCont++;
            n++;
          }
        }
      }
      const rmseTheta = Math.sqrt(sseTheta / n);
      const rmseBias = Math.sqrt(sseBias / n);
      const rmseUserBias = Math.sqrt(sseUserMean / n);
      const coverage = inside / n;
      console.log(
        `[profile held-out] ${users} users (>= ${MIN_RATINGS} ratings, ${FOLDS} folds, left out of training), ${n} held-out ratings (${skippedItems} of items the fold's model lacks skipped); ` +
          `RMSE (stars): theta ${rmseTheta.toFixed(4)}, item-bias-only ${rmseBias.toFixed(4)}, item bias + user offset ${rmseUserBias.toFixed(4)}; ` +
          `80% interval coverage ${coverage.toFixed(3)} (with half-step rounding cells ${(insideCont / n).toFixed(3)}); ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      expect(users).toBeGreaterThan(300);
      expect(rmseTheta).toBeLessThan(rmseBias);
      expect(rmseTheta).toBeLessThan(rmseUserBias);
      expect(coverage).toBeGreaterThanOrEqual(0.72);
      expect(coverage).toBeLessThanOrEqual(0.88);
    }, 900_000);
  },
);
