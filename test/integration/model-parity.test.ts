// The native kernel against the TypeScript reference: same data, seed and order, one thread, so the
// loss trajectories must agree to float rounding (stated tolerance: 1e-5 relative; seen: < 3e-7).
// On synthetic ratings everywhere, and on ml-latest-small when ../shared is there.
// In CI (CI=true) a missing addon is a failure, not a skip.
import { describe, expect, it } from 'vitest';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { trainModel } from '../../main/model/train.ts';
import { syntheticRatings } from '../bench/synthetic.ts';
import { SYNTHETIC_RATINGS } from '../support/fixtures.ts';
import { hasSharedData } from '../support/shared-data.ts';
import { mlLatestSmall } from '../support/ratings-matrix.ts';
import { syntheticMovieLensShape } from '../support/synthetic-movielens.ts';

const LOSS_TOLERANCE = 1e-5;
const native = loadNativeKernel();

describe('native kernel', () => {
  it('was built and loads (required in CI)', () => {
    if (!native.kernel && process.env.CI !== 'true') {
      console.warn(
        `[tests] native kernel unavailable (${native.status.reason}); the app falls back to the TS backend`,
      );
      return;
    }
    expect(native.status).toMatchObject({ available: true });
  });
});

const matrices: { name: string; matrix: () => RatingsMatrix }[] = [
  { name: 'synthetic ratings', matrix: () => syntheticRatings(syntheticMovieLensShape(SYNTHETIC_RATINGS)) },
  ...(hasSharedData ? [{ name: 'ml-latest-small', matrix: mlLatestSmall }] : []),
];

describe.skipIf(!native.kernel).each(matrices)('native vs TypeScript parity on $name', ({ matrix: load }) => {
  let cached: RatingsMatrix | undefined;
  const matrix = () => (cached ??= load());

  it(`follows the same loss trajectory with one thread (within ${LOSS_TOLERANCE} relative)`, async () => {
    const opts = { epochs: 8, threads: 1, seed: 5, validation: 0.05 };
    const a = await trainModel(matrix(), { ...opts, backend: 'native' });
    const b = await trainModel(matrix(), { ...opts, backend: 'js' });
    expect(a.backend).toBe('native');
    expect(b.backend).toBe('js');
    for (let e = 0; e < opts.epochs; e++) {
      const la = a.epochs[e]!.loss;
      const lb = b.epochs[e]!.loss;
      expect(Math.abs(la - lb) / Math.abs(lb)).toBeLessThan(LOSS_TOLERANCE);
      expect(a.epochs[e]!.valRmse!).toBeCloseTo(b.epochs[e]!.valRmse!, 5);
    }
    // The parameters themselves stay close too.
    let maxDiff = 0;
    for (let j = 0; j < a.params.itemFactorMean.length; j++)
      maxDiff = Math.max(maxDiff, Math.abs(a.params.itemFactorMean[j]! - b.params.itemFactorMean[j]!));
    expect(maxDiff).toBeLessThan(1e-3);
  });

  it('is deterministic with one thread, and lands in the same place with two (Hogwild)', async () => {
    const opts = { epochs: 10, seed: 9, validation: 0.1, backend: 'native' as const };
    const one = await trainModel(matrix(), { ...opts, threads: 1 });
    const again = await trainModel(matrix(), { ...opts, threads: 1 });
    expect(again.epochs.map((e) => e.loss)).toEqual(one.epochs.map((e) => e.loss));
    const two = await trainModel(matrix(), { ...opts, threads: 2 });
    expect(two.threads).toBe(2);
    expect(two.epochs.at(-1)!.valRmse!).toBeCloseTo(one.epochs.at(-1)!.valRmse!, 2);
  });
});
