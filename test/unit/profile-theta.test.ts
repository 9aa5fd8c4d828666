// Theta fits against a known truth: synthetic ModelParams and users drawn from the model. Checks
// recovery, calibration of the predictive intervals, the scale map, that uncertain items tell less,
// comparisons alone, the full covariance, and that incremental updates track the full fit.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SLOPE, fitTheta, TIE_BAND } from '../../main/profile/theta/fit.ts';
import { compTermAt } from '../../main/profile/theta/mode.ts';
import { IncrementalTheta } from '../../main/profile/theta/incremental.ts';
import { posteriorSampler, predictUserScale } from '../../main/profile/theta/predict.ts';
import { normQuantile, normCdf } from '../../main/stats/normal.ts';
import {
  rng,
  syntheticComparisons,
  syntheticModel,
  syntheticRatings,
  syntheticUser,
  expected,
} from './profile-synthetic-model.ts';

const K = 20;
const params = syntheticModel(3000, K, 11);

function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0,
    mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0,
    saa = 0,
    sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const thetaOf = (mean: Float64Array) => mean.subarray(1);
const scores = (theta: ArrayLike<number>) =>
  Array.from({ length: params.itemIds.length }, (_, i) => {
    let s = params.itemBiasMean[i]!;
    for (let k = 0; k < K; k++) s += theta[k]! * params.itemFactorMean[i * K + k]!;
    return s;
  });
const ranking = (s: number[]) =>
  s
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .map(([, i]) => i);

describe('theta fit', () => {
  const user = syntheticUser(params, 5);
  const ratings = syntheticRatings(params, user, 600, 6);

  it('recovers the true theta from ratings, with a calibrated posterior', () => {
    const post = fitTheta(params, ratings, []);
    expect(corr(thetaOf(post.mean), user.theta)).toBeGreaterThan(0.9);
    expect(post.slope).toBeGreaterThan(1.7);
    expect(post.slope).toBeLessThan(2.3);
    // z-scores of the truth under the posterior marginals: about standard normal.
    const z = Array.from(
      user.theta,
      (t, k) => (t - post.mean[k + 1]!) / Math.sqrt(post.cov[(k + 1) * (K + 2)]!),
    );
    const inside = z.filter((v) => Math.abs(v) < 1.96).length;
    expect(inside).toBeGreaterThanOrEqual(16);
  });

  it('gives 80% predictive intervals that hold about 80% of new ratings', () => {
    const post = fitTheta(params, ratings.slice(0, 300), []);
    const heldOut = syntheticRatings(params, user, 2000, 99).filter(
      (r) => !ratings.slice(0, 300).some((t) => t.item === r.item),
    );
    const zq = normQuantile(0.9);
    let inside = 0;
    for (const r of heldOut) {
      const p = predictUserScale(params, post, r.item);
      // Ratings are whole numbers: widen by half a point, as the interval of a rounded value.
      if (Math.abs(r.rating - p.mean) <= zq * Math.sqrt(p.variance) + 0.5) inside++;
    }
    const fraction = inside / heldOut.length;
    expect(fraction).toBeGreaterThan(0.75);
    expect(fraction).toBeLessThan(0.92);
  });

  it('fits the scale: a user who rates everything 2 points higher gets the same ranking', () => {
    const base = syntheticRatings(params, user, 400, 7, 2, 0, false);
    const higher = base.map((r) => ({ item: r.item, rating: r.rating + 2 }));
    const a = fitTheta(params, base, []);
    const b = fitTheta(params, higher, []);
    expect(b.slope).toBeCloseTo(a.slope, 2);
    expect(b.mean[0]! * b.slope - a.mean[0]! * a.slope).toBeCloseTo(2, 1);
    expect(ranking(scores(thetaOf(b.mean)))).toEqual(ranking(scores(thetaOf(a.mean))));
  });

  it('fits the slope of a user who uses a compressed scale', () => {
    const compressed = syntheticRatings(params, user, 600, 8, 1.2, 2, false);
    const post = fitTheta(params, compressed, []);
    expect(post.slope).toBeGreaterThan(1.0);
    expect(post.slope).toBeLessThan(1.45);
    expect(corr(thetaOf(post.mean), user.theta)).toBeGreaterThan(0.85);
  });

  it('learns less from a rating of an uncertain item', () => {
    const some = ratings.slice(0, 40).filter((r) => r.item !== 17);
    const extreme = [...some, { item: 17, rating: Math.round(2 * expected(params, user, 17)) > 5 ? 1 : 10 }];
    const shaky = syntheticModel(3000, K, 11);
    for (let k = 0; k < K; k++) shaky.itemFactorVar[17 * K + k] = 1;
    shaky.itemBiasVar[17] = 1;
    const moved = (p: typeof params) => {
      const before = fitTheta(p, some, [], { slope: 2 }).mean;
      const after = fitTheta(p, extreme, [], { slope: 2 }).mean;
      return Math.hypot(...thetaOf(after).map((v, k) => v - before[k + 1]!));
    };
    expect(moved(shaky)).toBeLessThan(0.5 * moved(params));
  });

  it('learns theta from comparisons alone', () => {
    const comps = syntheticComparisons(params, user, 800, 9);
    const post = fitTheta(params, [], comps);
    expect(post.nComparisons).toBe(800);
    expect(corr(thetaOf(post.mean), user.theta)).toBeGreaterThan(0.75);
    // The fitted model agrees with held-out comparisons far above chance.
    const test = syntheticComparisons(params, user, 500, 10);
    const s = scores(thetaOf(post.mean));
    const agree = test.filter((c) => s[c.winner]! > s[c.loser]!).length / test.length;
    const truth =
      test.filter((c) => expected(params, user, c.winner) > expected(params, user, c.loser)).length /
      test.length;
    expect(agree).toBeGreaterThan(truth - 0.06);
  });

  it('reads "about the same" as an ordered probit band: exact derivatives, and ties teach', () => {
    // The tie term's gradient and curvature against finite differences, near and far from zero.
    const term = { a: new Float64Array(1), d0: 0, s: 0.9, band: 0.3 };
    for (const x of [-6, -1, 0, 0.2, 2.5, 8]) {
      const h = 1e-5;
      const at = compTermAt(term, x);
      const up = compTermAt(term, x + h);
      const down = compTermAt(term, x - h);
      expect(at.g).toBeCloseTo((up.logP - down.logP) / (2 * h), 4);
      expect(at.h).toBeCloseTo(-(up.g - down.g) / (2 * h), 3);
      expect(at.h).toBeGreaterThan(0); // log-concave: the fit stays convex
    }
    // Answers within the band are ties: with them read as ties, theta is recovered better than
    // with the ties dropped (what skipping them did) or forced to a side (a coin flip: A).
    const r = rng(12);
    const band = TIE_BAND / DEFAULT_SLOPE;
    const all = Array.from({ length: 600 }, () => {
      const a = Math.floor(r.uniform() * params.itemIds.length);
      const b = (a + 1 + Math.floor(r.uniform() * (params.itemIds.length - 1))) % params.itemIds.length;
      const d =
        expected(params, user, a) - expected(params, user, b) + r.normal() * Math.sqrt(2 * params.noiseVar);
      return Math.abs(d) < band
        ? { winner: a, loser: b, tie: true }
        : d > 0
          ? { winner: a, loser: b }
          : { winner: b, loser: a };
    });
    const ties = all.filter((c) => c.tie).length;
    expect(ties).toBeGreaterThan(60);
    const withTies = fitTheta(params, [], all, { slope: DEFAULT_SLOPE });
    const dropped = fitTheta(
      params,
      [],
      all.filter((c) => !c.tie),
      { slope: DEFAULT_SLOPE },
    );
    const forced = fitTheta(
      params,
      [],
      all.map((c) => ({ winner: c.winner, loser: c.loser })),
      { slope: DEFAULT_SLOPE },
    );
    const c1 = corr(thetaOf(withTies.mean), user.theta);
    expect(c1).toBeGreaterThan(corr(thetaOf(dropped.mean), user.theta));
    expect(c1).toBeGreaterThan(corr(thetaOf(forced.mean), user.theta) + 0.002);
  });

  it('has a full covariance that its sampler reproduces', () => {
    const post = fitTheta(params, ratings.slice(0, 60), syntheticComparisons(params, user, 50, 12));
    const d = K + 1;
    let offDiag = 0;
    for (let i = 0; i < d; i++)
      for (let j = 0; j < i; j++)
        offDiag = Math.max(
          offDiag,
          Math.abs(post.cov[i * d + j]! / Math.sqrt(post.cov[i * d + i]! * post.cov[j * d + j]!)),
        );
    expect(offDiag).toBeGreaterThan(0.1);
    const r = rng(13);
    const sample = posteriorSampler(post, r.normal);
    const n = 20000;
    const i = 1,
      j = 2;
    let si = 0,
      sj = 0,
      sij = 0;
    for (let t = 0; t < n; t++) {
      const w = sample();
      const a = w[i]! - post.mean[i]!,
        b = w[j]! - post.mean[j]!;
      si += a * a;
      sj += b * b;
      sij += a * b;
    }
    expect(si / n).toBeCloseTo(post.cov[i * d + i]!, 2);
    expect(sij / n).toBeCloseTo(post.cov[i * d + j]!, 2);
    expect(sj / n).toBeCloseTo(post.cov[j * d + j]!, 2);
  });

  it('updates incrementally close to the from-scratch fit', () => {
    const comps = syntheticComparisons(params, user, 100, 14);
    const start = fitTheta(params, ratings, comps.slice(0, 50));
    const inc = new IncrementalTheta(params, start, ratings, comps.slice(0, 50));
    for (const c of comps.slice(50)) inc.addComparison(c);
    const full = fitTheta(params, ratings, comps, { slope: start.slope });
    const d = K + 1;
    for (let k = 0; k < d; k++) {
      const sd = Math.sqrt(full.cov[k * d + k]!);
      expect(Math.abs(inc.posterior.mean[k]! - full.mean[k]!)).toBeLessThan(0.1 * sd);
    }
    expect(inc.posterior.nComparisons).toBe(100);
    // The normal pieces are right where the probit needs them.
    expect(normCdf(normQuantile(0.9))).toBeCloseTo(0.9, 6);
  });
});
