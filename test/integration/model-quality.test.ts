// Quality floor on real data (not a timed test): the model beats the baselines and its predictive
// intervals are honest on held-out MovieLens ratings. Targets from the issue: ml-latest-small 90/10
// RMSE <= 0.86, 80% coverage 0.75-0.85, 95% coverage 0.92-0.97. ML-100K must beat Surprise's SVD
// (0.934 RMSE). One thread, so every figure is reproducible.
import { describe, expect, it } from 'vitest';
import { checkCalibration } from '../../main/model/calibration.ts';
import { hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { ml100k, mlLatestSmall } from '../support/ratings-matrix.ts';

describe.skipIf(!hasSharedData)(
  `calibration on real MovieLens data ${hasSharedData ? '' : sharedDataSkipReason}`,
  () => {
    it('ml-latest-small, 90/10: accurate and honestly calibrated', async () => {
      const r = await checkCalibration(mlLatestSmall(), {
        holdout: 0.1,
        folds: 1,
        seed: 42,
        train: { threads: 1 },
      });
      console.log(
        `[ml-latest-small 90/10] RMSE ${r.rmse.toFixed(4)} MAE ${r.mae.toFixed(4)} cov80 ${r.coverage80.toFixed(3)} cov95 ${r.coverage95.toFixed(3)} bias-only ${r.biasOnlyRmse.toFixed(4)} global ${r.baselineRmse.toFixed(4)}`,
      );
      expect(r.heldOut).toBeGreaterThan(9_000);
      // Issue 20's floor. Seen: 0.8399 (item-bias prior 0.2; 0.8404 at 0.3).
      expect(r.rmse).toBeLessThanOrEqual(0.84);
      expect(r.rmse).toBeLessThan(r.biasOnlyRmse);
      expect(r.biasOnlyRmse).toBeLessThan(r.baselineRmse);
      expect(r.mae).toBeLessThan(r.biasOnlyMae);
      // Issue 20's targets; seen 0.810 / 0.959 (Student-t intervals; the Gaussian gave 0.837 / 0.956).
      expect(r.coverage80).toBeGreaterThanOrEqual(0.78);
      expect(r.coverage80).toBeLessThanOrEqual(0.82);
      expect(r.coverage95).toBeGreaterThanOrEqual(0.94);
      expect(r.coverage95).toBeLessThanOrEqual(0.96);
      // The reliability curve rises with the nominal level and ends near it.
      const observed = r.reliability.map((x) => x.observed);
      expect([...observed].sort((a, b) => a - b)).toEqual(observed);
      expect(r.reliability.at(-1)!.observed).toBeGreaterThan(0.97);
      expect(r.predictedVsActual.length).toBeGreaterThan(5);
    });

    it('ML-100K, 5-fold: beats Surprise SVD (0.934) and stays calibrated', async () => {
      const r = await checkCalibration(ml100k(), { holdout: 0.1, folds: 5, seed: 1, train: { threads: 1 } });
      console.log(
        `[ML-100K 5-fold] RMSE ${r.rmse.toFixed(4)} MAE ${r.mae.toFixed(4)} cov80 ${r.coverage80.toFixed(3)} cov95 ${r.coverage95.toFixed(3)} bias-only ${r.biasOnlyRmse.toFixed(4)}`,
      );
      expect(r.heldOut).toBe(100_000);
      expect(r.rmse).toBeLessThan(0.925);
      expect(r.rmse).toBeLessThan(r.biasOnlyRmse);
      // Issue 20's targets; seen 0.793 / 0.957 (the Gaussian gave 0.824 / 0.954).
      expect(r.coverage80).toBeGreaterThanOrEqual(0.78);
      expect(r.coverage80).toBeLessThanOrEqual(0.82);
      expect(r.coverage95).toBeGreaterThanOrEqual(0.94);
      expect(r.coverage95).toBeLessThanOrEqual(0.96);
    });
  },
);
