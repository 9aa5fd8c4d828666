// The model's maths on synthetic data: the closed-form expected squared error agrees with Monte
// Carlo, posterior variances shrink with more ratings, the TS kernel learns a planted structure,
// and a fixed seed reproduces the same run.
import { describe, expect, it } from 'vitest';
import { createRng, gaussian } from '../../main/model/rng.ts';
import { foldIds, prepareData, splitMask } from '../../main/model/data.ts';
import { trainModel } from '../../main/model/train.ts';
import { predictItem, zForCentral } from '../../main/model/predict.ts';
import { normQuantile } from '../../main/stats/normal.ts';
import { priorVariances } from '../../main/model/options.ts';
import { syntheticRatings } from '../bench/synthetic.ts';

const small = () => syntheticRatings({ users: 400, items: 300, ratings: 30_000, seed: 7 });

describe('model maths', () => {
  it('computes the expected squared error in closed form (matches Monte Carlo)', () => {
    const rand = createRng(3);
    const dim = 4;
    const m1 = [0.3, -0.2, 0.5, 0.1],
      v1 = [0.05, 0.02, 0.1, 0.03];
    const m2 = [-0.4, 0.6, 0.2, -0.1],
      v2 = [0.04, 0.08, 0.01, 0.2];
    const r = 4,
      mu = 3.5,
      b = 0.2,
      vb = 0.03;
    let closed = (r - mu - b - m1.reduce((s, x, k) => s + x * m2[k]!, 0)) ** 2 + vb;
    for (let k = 0; k < dim; k++) closed += m1[k]! ** 2 * v2[k]! + v1[k]! * m2[k]! ** 2 + v1[k]! * v2[k]!;
    let mc = 0;
    const n = 400_000;
    for (let s = 0; s < n; s++) {
      let dot = 0;
      for (let k = 0; k < dim; k++)
        dot += (m1[k]! + Math.sqrt(v1[k]!) * gaussian(rand)) * (m2[k]! + Math.sqrt(v2[k]!) * gaussian(rand));
      const e = r - mu - (b + Math.sqrt(vb) * gaussian(rand)) - dot;
      mc += e * e;
    }
    expect(mc / n).toBeCloseTo(closed, 2);
  });

  it('has strictly decreasing prior variances', () => {
    const p = priorVariances({ dim: 20, priorScale: 0.3, priorDecay: 0.8 });
    for (let k = 1; k < 20; k++) expect(p[k]!).toBeLessThan(p[k - 1]!);
  });

  it('splits and folds deterministically and in the right proportions', () => {
    const a = splitMask(100_000, 0.1, 5);
    expect(a).toEqual(splitMask(100_000, 0.1, 5));
    const held = a.reduce((s, x) => s + x, 0);
    expect(held).toBeGreaterThan(9_500);
    expect(held).toBeLessThan(10_500);
    const f = foldIds(1003, 5, 1);
    const sizes = [0, 1, 2, 3, 4].map((k) => f.filter((x) => x === k).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('keeps every rating exactly once when preparing data', () => {
    const m = small();
    const mask = splitMask(m.ratings.length, 0.2, 1);
    const d = prepareData(m, mask, 1);
    expect(d.train.ratings.length + d.heldOut.ratings.length).toBe(m.ratings.length);
    const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    expect(sum(d.train.ratings) + sum(d.heldOut.ratings)).toBeCloseTo(sum(m.ratings), 0);
    expect(d.itemCounts.reduce((s, v) => s + v, 0)).toBe(d.train.ratings.length);
  });

  it('learns the planted structure and is reproducible for a seed', async () => {
    const m = small();
    const a = await trainModel(m, { backend: 'js', epochs: 15, validation: 0.1, seed: 11 });
    const b = await trainModel(m, { backend: 'js', epochs: 15, validation: 0.1, seed: 11 });
    expect(a.epochs.map((e) => e.loss)).toEqual(b.epochs.map((e) => e.loss));
    const first = a.epochs[0]!;
    const last = a.epochs[a.epochs.length - 1]!;
    expect(last.loss).toBeLessThan(first.loss);
    expect(last.valRmse!).toBeLessThan(first.valRmse!);
    expect(Number.isFinite(last.noiseVar)).toBe(true);
  });

  it('gives rarely rated items a wider posterior than popular ones', async () => {
    const m = small();
    const { params } = await trainModel(m, { backend: 'js', epochs: 10, validation: 0 });
    const order = [...params.itemCounts.keys()]
      .filter((i) => params.itemCounts[i]! > 0)
      .sort((x, y) => params.itemCounts[x]! - params.itemCounts[y]!);
    const rare = order.slice(0, 20);
    const popular = order.slice(-20);
    const meanVar = (items: number[]) =>
      items.reduce((s, i) => s + params.itemFactorVar[i * params.dim]! + params.itemBiasVar[i]!, 0) /
      items.length;
    expect(meanVar(rare)).toBeGreaterThan(3 * meanVar(popular));
    // And a prediction for a typical user is less certain on a rare item.
    const user = {
      mean: new Float32Array(params.dim).fill(0.3),
      var: new Float32Array(params.dim).fill(0.01),
      biasMean: 0,
      biasVar: 0.01,
    };
    expect(predictItem(params, user, rare[0]!).modelVar).toBeGreaterThan(
      predictItem(params, user, popular[0]!).modelVar,
    );
  });

  it('fails loudly when the loss becomes NaN', async () => {
    const m = small();
    await expect(trainModel(m, { backend: 'js', epochs: 5, lr: 1e6, lrBias: 1e6 })).rejects.toMatchObject({
      code: 'DIVERGED',
    });
  });

  it('stops between batches when cancelled', async () => {
    const controller = new AbortController();
    let batches = 0;
    const run = trainModel(
      small(),
      { backend: 'js', epochs: 50, batchSize: 1000 },
      {
        signal: controller.signal,
        onProgress: () => {
          if (++batches === 3) controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(batches).toBe(3);
  });

  it('has a correct normal quantile', () => {
    expect(zForCentral(0.95)).toBeCloseTo(1.959964, 5);
    expect(zForCentral(0.8)).toBeCloseTo(1.281552, 5);
    expect(normQuantile(0.001)).toBeCloseTo(-3.090232, 5);
  });
});
