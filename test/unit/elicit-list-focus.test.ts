// The arena's "pairs that move the list" without real data: the expected variance fall of a probit
// answer against quadrature, a pair's worth against the sum over the top candidates computed the
// long way (the fit's own comparison term and the full covariance), the candidates themselves,
// and, on synthetic users, that choosing pairs by it sharpens the top of the list more than
// maximum-entropy or random pairs do.
import { describe, expect, it } from 'vitest';
import {
  ListFocus,
  OFFSET_WEIGHT,
  probitCurvature,
  topCandidates,
} from '../../main/elicit/arena/list-focus.ts';
import { PairModel } from '../../main/elicit/arena/pair-model.ts';
import type { PoolTitle } from '../../main/elicit/arena/select.ts';
import type { ArenaRule } from '../../main/elicit/types.ts';
import { comparisonObservation } from '../../main/profile/store.ts';
import { comparisonTerm, fitTheta, ratingFeature } from '../../main/profile/theta/fit.ts';
import type { ThetaPosterior } from '../../main/profile/theta/types.ts';
import { normCdf } from '../../main/stats/normal.ts';
import { expected, rng, syntheticModel, syntheticUser } from './profile-synthetic-model.ts';
import { answerSession } from '../support/arena-synthetic.ts';

const K = 12;
const params = syntheticModel(500, K, 5);
const D = K + 1;

function fitted(seed: number, n = 10) {
  const u = syntheticUser(params, seed);
  const r = rng(seed + 50);
  const rate = (i: number) =>
    Math.min(
      10,
      Math.max(1, Math.round(2 * (expected(params, u, i) + r.normal() * Math.sqrt(params.noiseVar)))),
    );
  const ratings = Array.from({ length: n }, (_, i) => (i * 41 + seed * 13) % params.itemIds.length).map(
    (item) => ({ item, rating: rate(item) }),
  );
  return { rate, ratings, post: fitTheta(params, ratings, [], { slope: 2 }) };
}

const title = (item: number, rating: number | null = null): PoolTitle => ({
  tconst: `t${item}`,
  item,
  rating,
  maybeSeen: false,
});

/** Summed posterior variance (model scale) of the items' taste part, from the full covariance. */
function summedVariance(post: ThetaPosterior, items: number[]): number {
  const x = new Float64Array(D);
  let sum = 0;
  for (const i of items) {
    ratingFeature(params, i, x);
    for (let a = 0; a < D; a++) for (let b = 0; b < D; b++) sum += x[a]! * post.cov[a * D + b]! * x[b]!;
  }
  return sum;
}

describe('arena: pairs that move the list', () => {
  it('expects the variance of a probit answer to fall as quadrature over both answers says', () => {
    for (const [mu, q, s] of [
      [0, 1, 1],
      [0.7, 0.4, 1.2],
      [-1.5, 2, 0.7],
    ] as const) {
      // Exact posterior variance of z after each answer, by quadrature over z ~ N(mu, q).
      const n = 6000;
      const moments = (sign: 1 | -1) => {
        let m0 = 0;
        let m1 = 0;
        let m2 = 0;
        for (let i = 0; i < n; i++) {
          const t = -8 + (16 * (i + 0.5)) / n;
          const z = mu + Math.sqrt(q) * t;
          const w = Math.exp(-0.5 * t * t) * normCdf((sign * z) / s);
          m0 += w;
          m1 += w * z;
          m2 += w * z * z;
        }
        return { p: m0, v: m2 / m0 - (m1 / m0) ** 2 };
      };
      const win = moments(1);
      const lose = moments(-1);
      const p = win.p / (win.p + lose.p);
      const expectedVariance = p * win.v + (1 - p) * lose.v;
      const formula = (q * q * probitCurvature(normCdf(mu / Math.sqrt(s * s + q)))) / (s * s + q);
      expect(formula).toBeCloseTo(q - expectedVariance, 4);
    }
    expect(probitCurvature(0.5)).toBeCloseTo(2 / Math.PI, 12);
    expect(probitCurvature(0.999)).toBeLessThan(0.05);
  });

  it('takes the top candidates among the titles not rated, best predicted first', () => {
    const { ratings, post } = fitted(2);
    const rated = new Set(ratings.map((r) => r.item));
    const top = topCandidates(params, post, rated, 30);
    expect(top).toHaveLength(30);
    expect(top.some((i) => rated.has(i))).toBe(false);
    const mean = (i: number) => {
      let m = params.itemBiasMean[i]!;
      for (let k = 0; k < K; k++) m += post.mean[k + 1]! * params.itemFactorMean[i * K + k]!;
      return m;
    };
    for (let j = 1; j < top.length; j++) expect(mean(top[j]!)).toBeLessThanOrEqual(mean(top[j - 1]!));
    const worstTop = mean(top.at(-1)!);
    for (let i = 0; i < params.itemIds.length; i++)
      if (!rated.has(i) && !top.includes(i)) expect(mean(i)).toBeLessThanOrEqual(worstTop);
  });

  it("values a pair as the candidates' and the offset's variance fall computed the long way, for every kind of pair", () => {
    const { ratings, post } = fitted(3);
    const rated = new Set(ratings.map((r) => r.item));
    const focus = new ListFocus(params, post, rated, 25);
    const model = new PairModel(params, post);
    const pairs: [PoolTitle, PoolTitle][] = [
      [title(400), title(401)],
      [title(ratings[0]!.item, ratings[0]!.rating), title(402)],
      [title(403), title(ratings[1]!.item, ratings[1]!.rating)],
    ];
    for (const [a, b] of pairs) {
      const { pA } = model.score(a, b);
      const obs = comparisonObservation(
        (t) => (t === 'a' ? a.item : b.item),
        (t) => (t === 'a' ? a.rating : b.rating) ?? undefined,
        'a',
        'b',
      )!;
      const term = comparisonTerm(params, obs, post.mean, post.slope);
      const sa = new Float64Array(D);
      for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) sa[i]! += post.cov[i * D + j]! * term.a[j]!;
      let q = 0;
      for (let i = 0; i < D; i++) q += term.a[i]! * sa[i]!;
      const x = new Float64Array(D);
      let sum = 0;
      for (const c of focus.items) {
        ratingFeature(params, c, x);
        let dot = 0;
        for (let i = 0; i < D; i++) dot += x[i]! * sa[i]!;
        sum += dot * dot;
      }
      // Your offset's variance, weighted as OFFSET_WEIGHT titles more.
      sum += OFFSET_WEIGHT * sa[0]! * sa[0]!;
      const longWay = (probitCurvature(pA) * sum) / (term.s * term.s + q);
      expect(focus.pairGain(a, b, pA)).toBeGreaterThan(0);
      expect(focus.pairGain(a, b, pA)).toBeCloseTo(longWay, 8);
      // Cut short only where it cannot reach the floor: just below its value it is still exact.
      expect(focus.pairGain(a, b, pA, 0.999 * longWay)).toBeCloseTo(longWay, 8);
      expect(focus.pairGain(a, b, pA, 1e6)).toBe(0);
    }
    // Two titles placed only by your ratings say nothing about your taste.
    expect(focus.pairGain({ item: -1, rating: 7 }, { item: -1, rating: 5 }, 0.6)).toBe(0);
  });

  it('sharpens the top of the list more than maximum-entropy or random pairs (synthetic users)', () => {
    const left: Record<ArenaRule, number> = { info: 0, entropy: 0, random: 0 };
    for (let seed = 1; seed <= 20; seed++) {
      const { rate, ratings, post } = fitted(seed);
      const rated = new Map(ratings.map((r) => [`t${r.item}`, r.rating]));
      const seen = Array.from(
        { length: 40 },
        (_, i) => (i * 11 + seed * 5 + 200) % params.itemIds.length,
      ).filter((i) => !rated.has(`t${i}`));
      const truth = new Map<string, number>([...rated, ...seen.map((i) => [`t${i}`, rate(i)] as const)]);
      const pool = [...ratings.map((r) => title(r.item, r.rating)), ...seen.map((i) => title(i))];
      // The top as it stands before the answers: what the list shows now.
      const top = topCandidates(params, post, new Set(ratings.map((r) => r.item)), 100);
      for (const rule of ['info', 'entropy', 'random'] as ArenaRule[]) {
        const current = answerSession({ params, post, ratings, pool, truth, rule, seed, answers: 10 });
        left[rule] += summedVariance(current, top) / summedVariance(post, top) / 20;
      }
    }
    console.log(
      `[arena list focus] share of the top 100's summed taste variance left after 10 answers, 20 synthetic users: ` +
        `info ${left.info.toFixed(4)}, entropy ${left.entropy.toFixed(4)}, random ${left.random.toFixed(4)}`,
    );
    expect(left.info).toBeLessThan(left.entropy);
    expect(left.info).toBeLessThan(left.random);
  });
});
