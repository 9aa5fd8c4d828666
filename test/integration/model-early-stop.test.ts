// Early stopping on the validation slice (main/model/early-stop.ts): training ends once the
// patience runs out, the model handed back is the best epoch's (its posterior, not the last one's),
// a caller's held-out set is never used to choose the model, and on real data the early-stopped
// model stays within 0.3% of running every epoch the options allow. Synthetic everywhere; ml-latest-small too.
import { describe, expect, it } from 'vitest';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { splitMask } from '../../main/model/data.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import { trainModel } from '../../main/model/train.ts';
import type { EpochMetrics } from '../../main/model/types.ts';
import { syntheticRatings } from '../bench/synthetic.ts';
import { SYNTHETIC_RATINGS } from '../support/fixtures.ts';
import { hasSharedData } from '../support/shared-data.ts';
import { mlLatestSmall } from '../support/ratings-matrix.ts';
import { syntheticMovieLensShape } from '../support/synthetic-movielens.ts';

const matrices: { name: string; matrix: () => RatingsMatrix }[] = [
  { name: 'synthetic ratings', matrix: () => syntheticRatings(syntheticMovieLensShape(SYNTHETIC_RATINGS)) },
  ...(hasSharedData ? [{ name: 'ml-latest-small', matrix: mlLatestSmall }] : []),
];

// A loose prior and no minimum gain: validation RMSE flattens and turns up, so the best epoch is
// not the last one and putting its posterior back is what is tested.
const overfitting = {
  epochs: 100,
  seed: 5,
  validation: 0.1,
  threads: 1,
  backend: 'js' as const,
  priorScale: 5,
  userBiasPrior: 5,
  itemBiasPrior: 5,
  minDelta: 0,
  patience: 3,
};

describe.each(matrices)('early stopping on $name', ({ matrix: load }) => {
  let cached: RatingsMatrix | undefined;
  const matrix = () => (cached ??= load());

  it('stops when the patience runs out and keeps the best epoch, posterior included', async () => {
    const seen: EpochMetrics[] = [];
    const r = await trainModel(matrix(), overfitting, { onEpoch: (m) => seen.push(m) });
    const vals = seen.map((m) => m.valRmse!);
    const best = Math.min(...vals);
    const bestEpoch = vals.indexOf(best) + 1;
    expect(r.earlyStop).toEqual({ bestEpoch, epochsRun: seen.length, stopped: true });
    expect(seen.length).toBeLessThan(overfitting.epochs);
    // Exactly `patience` epochs ran after the best, none of them better.
    expect(seen.length - bestEpoch).toBe(overfitting.patience);
    expect(r.epochs).toEqual(seen.slice(0, bestEpoch));
    // The posterior is the best epoch's: the same as a run told to stop there.
    const fixed = await trainModel(matrix(), { ...overfitting, epochs: bestEpoch, patience: 0 });
    expect(fixed.earlyStop).toBeUndefined();
    expect(r.params.itemFactorMean).toEqual(fixed.params.itemFactorMean);
    expect(r.params.itemBiasMean).toEqual(fixed.params.itemBiasMean);
    expect(r.params.itemFactorVar).toEqual(fixed.params.itemFactorVar);
    expect(r.params.noiseVar).toBe(fixed.params.noiseVar);
  });

  it('never watches a held-out set the caller passes (a calibration split runs every epoch)', async () => {
    const heldOut = splitMask(matrix().ratings.length, 0.1, 5);
    const r = await trainModel(matrix(), { ...overfitting, epochs: 25, heldOut });
    expect(r.earlyStop).toBeUndefined();
    expect(r.epochs).toHaveLength(25);
  });

  it('with the default rule, stops within the most epochs within 0.3% of running them all', async () => {
    const opts = { threads: 1, backend: 'js' as const, seed: 7 };
    const most = defaultTrainOptions.epochs;
    const early = await trainModel(matrix(), opts);
    const fixed = await trainModel(matrix(), { ...opts, patience: 0 });
    expect(fixed.epochs).toHaveLength(most);
    expect(early.earlyStop!.epochsRun).toBeLessThanOrEqual(most);
    // The minimum gain (0.00025) trades the slow tail for time (issue 20: the 25M run must beat
    // LibMF's 20 iterations). Seen: ml-latest-small +0.02% in 29 epochs; the 30,000-rating synthetic set, whose
    // 600-rating validation slice gains ~0.0002 an epoch to the end, +0.28% in 15 (0.0003 gave +0.30%).
    expect(early.epochs.at(-1)!.valRmse!).toBeLessThan(fixed.epochs.at(-1)!.valRmse! * 1.003);
    console.log(
      `[early stop] ${early.earlyStop!.epochsRun} epochs, val RMSE ${early.epochs.at(-1)!.valRmse!.toFixed(4)}; ` +
        `${most} fixed epochs: ${fixed.epochs.at(-1)!.valRmse!.toFixed(4)}`,
    );
  });
});
