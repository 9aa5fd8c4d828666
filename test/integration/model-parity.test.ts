// The native kernel against the TypeScript reference: same data, seed and order, one thread, so the
// loss trajectories must agree to float rounding (stated tolerance: 1e-5 relative; seen: < 3e-7).
// On synthetic ratings everywhere, and on ml-latest-small when ../shared is there.
// In CI (CI=true) a missing addon is a failure, not a skip.
import { describe, expect, it } from 'vitest';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { batchBounds, prepareData, splitMask } from '../../main/model/data.ts';
import { heldOutRmse, klDivergence, updateVariances } from '../../main/model/epoch.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import type { Kernel, KernelSums } from '../../main/model/kernel.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { defaultTrainOptions, priorVariances } from '../../main/model/options.ts';
import { initState } from '../../main/model/state.ts';
import { trainModel } from '../../main/model/train.ts';
import { syntheticRatings } from '../bench/synthetic.ts';
import { SYNTHETIC_RATINGS } from '../support/fixtures.ts';
import { hasSharedData } from '../support/shared-data.ts';
import { mlLatestSmall } from '../support/ratings-matrix.ts';
import { syntheticMovieLensShape } from '../support/synthetic-movielens.ts';

const LOSS_TOLERANCE = 1e-5;
const native = loadNativeKernel();

/** The state every parity test starts from: K = 20, the default prior, biases' prior 0.3. */
const parityState = (data: ReturnType<typeof prepareData>, seed: number, threads: number) =>
  initState(data, {
    dim: 20,
    priorVar: priorVariances(defaultTrainOptions),
    userBiasPrior: 0.3,
    itemBiasPrior: 0.3,
    seed,
    threads,
  });

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
    const opts = { epochs: 8, threads: 1, seed: 5, validation: 0.05, patience: 0 };
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

  it("runs blocks in parallel: two threads give one thread's posterior over the same blocks, every run", async () => {
    // A 2 x 2 grid (data.ts): each round's two blocks share no user or item, so running them on two
    // threads at once must change nothing but the order the error sums are added in.
    const m = matrix();
    const data = prepareData(m, splitMask(m.ratings.length, 0.1, 9), 9, 2);
    expect(data.train.grid).toBe(2);
    const run = (kernel: Kernel, threads: number) => {
      const s = parityState(data, 9, threads);
      const sums = [];
      for (let e = 0; e < 3; e++) {
        const n = data.train.ratings.length;
        // Two batches, the second starting inside a block: the kernel clips blocks to any range.
        const cut = Math.floor(n * 0.37);
        const a = kernel.run(data.train, s, {
          start: 0,
          end: cut,
          lr: 0.1,
          lrBias: 0.03,
          threads,
        }) as KernelSums;
        const b = kernel.run(data.train, s, {
          start: cut,
          end: n,
          lr: 0.1,
          lrBias: 0.03,
          threads,
        }) as KernelSums;
        sums.push(a.ese + b.ese);
      }
      return { s, sums };
    };
    const one = run(native.kernel!, 1);
    const two = run(native.kernel!, 2);
    const again = run(native.kernel!, 2);
    const js = run(jsKernel, 1);
    expect(two.s.itemMean).toEqual(one.s.itemMean);
    expect(two.s.userMean).toEqual(one.s.userMean);
    expect(two.s.itemAcc).toEqual(one.s.itemAcc);
    expect(again.s.itemMean).toEqual(two.s.itemMean);
    expect(again.sums).toEqual(two.sums);
    two.sums.forEach((x, e) => expect(Math.abs(x - one.sums[e]!) / x).toBeLessThan(1e-9));
    js.sums.forEach((x, e) => expect(Math.abs(x - one.sums[e]!) / x).toBeLessThan(1e-5));
  });

  it("cuts each diagonal into rounds: every batch holds both threads' blocks, and the cut changes nothing", async () => {
    // The trainer's batches are the rounds (batchBounds). Cut from whole blocks laid end to end, a
    // batch would hold one block, so one thread would work while the other waits.
    const m = matrix();
    const mask = splitMask(m.ratings.length, 0.1, 9);
    const whole = prepareData(m, mask, 9, 2);
    const n = whole.train.ratings.length;
    const roundSize = Math.ceil(n / 10);
    const sliced = prepareData(m, mask, 9, 2, roundSize);
    const batches = batchBounds(sliced.train, roundSize);
    expect(whole.train.rounds).toBe(2);
    expect(sliced.train.rounds).toBeGreaterThanOrEqual(10);
    expect(batches).toHaveLength(sliced.train.rounds!);
    const { blocks, users, items } = sliced.train;
    for (let r = 0; r < batches.length; r++) {
      const [start, end] = batches[r]!;
      expect(end - start).toBeLessThanOrEqual(roundSize + 2);
      const mid = blocks![r * 2 + 1]!;
      // Both threads have work, on rows the other does not touch.
      expect(mid - start).toBeGreaterThan(0.3 * (end - start));
      expect(end - mid).toBeGreaterThan(0.3 * (end - start));
      const u0 = new Set(users.subarray(start, mid));
      const i0 = new Set(items.subarray(start, mid));
      for (let p = mid; p < end; p++) {
        expect(u0.has(users[p]!)).toBe(false);
        expect(i0.has(items[p]!)).toBe(false);
      }
    }
    // Two threads over the rounds give the posterior of one thread over the whole blocks in order.
    const a = parityState(sliced, 9, 2);
    for (const [start, end] of batches)
      native.kernel!.run(sliced.train, a, { start, end, lr: 0.1, lrBias: 0.03, threads: 2 });
    const b = parityState(whole, 9, 1);
    native.kernel!.run(whole.train, b, { start: 0, end: n, lr: 0.1, lrBias: 0.03, threads: 1 });
    expect(a.itemMean).toEqual(b.itemMean);
    expect(a.userMean).toEqual(b.userMean);
    expect(a.itemBias).toEqual(b.itemBias);
  });

  it('computes the validation RMSE as epoch.ts does (the native pass the trainer uses)', async () => {
    const m = matrix();
    const data = prepareData(m, splitMask(m.ratings.length, 0.1, 3), 3);
    const s = parityState(data, 3, 1);
    native.kernel!.run(data.train, s, {
      start: 0,
      end: data.train.ratings.length,
      lr: 0.1,
      lrBias: 0.03,
      threads: 1,
    });
    // Push some predictions past the rating scale, so the clamp is exercised too.
    s.itemBias[data.heldOut.items[0]!] = 9;
    s.itemBias[data.heldOut.items[1]!] = -9;
    const ts = heldOutRmse(s, data.heldOut);
    const nat = native.kernel!.heldOutRmse!(s, data.heldOut);
    expect(Math.abs(nat - ts) / ts).toBeLessThan(1e-12);
    expect(ts).toBeGreaterThan(0.5);
    expect(
      native.kernel!.heldOutRmse!(s, {
        ...data.heldOut,
        ratings: new Float32Array(0),
        users: new Int32Array(0),
        items: new Int32Array(0),
      }),
    ).toBeNaN();
  });

  it('is deterministic with one thread, and lands in the same place with two (blocked)', async () => {
    const opts = { epochs: 10, seed: 9, validation: 0.1, patience: 0, backend: 'native' as const };
    const one = await trainModel(matrix(), { ...opts, threads: 1 });
    const again = await trainModel(matrix(), { ...opts, threads: 1 });
    expect(again.epochs.map((e) => e.loss)).toEqual(one.epochs.map((e) => e.loss));
    const two = await trainModel(matrix(), { ...opts, threads: 2 });
    const twoAgain = await trainModel(matrix(), { ...opts, threads: 2 });
    expect(two.threads).toBe(2);
    expect(twoAgain.epochs.map((e) => e.loss)).toEqual(two.epochs.map((e) => e.loss));
    expect(two.epochs.at(-1)!.valRmse!).toBeCloseTo(one.epochs.at(-1)!.valRmse!, 2);
  });
});

describe.skipIf(!native.kernel)('native vs TypeScript parity for other K', () => {
  // K = 20, 8, 16, 32 take the vector step (native/src/step-vector.h); other K the generic one
  // (step-generic.h). Both must follow the TS reference.
  const m = syntheticRatings({ ratings: 60_000, users: 800, items: 600 });
  it.each([3, 12, 24])('K = %i', async (dim) => {
    const opts = { epochs: 3, threads: 1, seed: 5, validation: 0.05, patience: 0, dim };
    const a = await trainModel(m, { ...opts, backend: 'native' });
    const b = await trainModel(m, { ...opts, backend: 'js' });
    a.epochs.forEach((e, k) =>
      expect(Math.abs(e.loss - b.epochs[k]!.loss) / Math.abs(b.epochs[k]!.loss)).toBeLessThan(LOSS_TOLERANCE),
    );
    expect(a.epochs.at(-1)!.valRmse!).toBeCloseTo(b.epochs.at(-1)!.valRmse!, 5);
  });
});

describe.skipIf(!native.kernel)('native between-epoch pass', () => {
  it('updates the variances, noise and regularisers and gives the KL as epoch.ts does', () => {
    const m = syntheticRatings({ ratings: 60_000, users: 800, items: 600 });
    const data = prepareData(m, splitMask(m.ratings.length, 0.1, 3), 3);
    const fresh = () => parityState(data, 3, 1);
    const a = fresh();
    const b = fresh();
    const step = { start: 0, end: data.train.ratings.length, lr: 0.1, lrBias: 0.03, threads: 1 };
    const ese = (native.kernel!.run(data.train, a, step) as KernelSums).ese;
    native.kernel!.run(data.train, b, step);
    // A mean on its way to a denormal, to be flushed by both.
    a.itemMean[5] = b.itemMean[5] = 1e-35;
    const n = data.train.ratings.length;
    const kl = native.kernel!.endEpoch!(a, data.userCounts, data.itemCounts, ese, n);
    updateVariances(b, data.userCounts, data.itemCounts, ese, n);
    const klTs = klDivergence(b, data.userCounts, data.itemCounts);
    expect(a.noiseVar).toBe(b.noiseVar);
    expect(Math.abs(kl - klTs) / klTs).toBeLessThan(1e-12);
    for (const key of [
      'userVar',
      'itemVar',
      'userBiasVar',
      'itemBiasVar',
      'userReg',
      'itemReg',
      'userAcc',
      'itemAcc',
      'itemMean',
    ] as const)
      expect(a[key]).toEqual(b[key]);
    expect(a.itemMean[5]).toBe(0);
    expect(a.userAcc.every((x) => x === 0)).toBe(true);
  });
});
