// The arena's pair choice without real data, on a synthetic model and users drawn from it: the
// BALD formula against quadrature, what each rule prefers, the pairs never asked, and the Done-when
// claim in miniature (information-gain pairs teach more than random ones).
import { describe, expect, it } from 'vitest';
import { entropyBits, PairModel, probitInformation } from '../../main/elicit/arena/pair-model.ts';
import { PairSet, selectPair, type PoolTitle } from '../../main/elicit/arena/select.ts';
import { comparisonObservation } from '../../main/profile/store.ts';
import { fitTheta } from '../../main/profile/theta/fit.ts';
import { normCdf } from '../../main/stats/normal.ts';
import type { ArenaRule } from '../../main/elicit/types.ts';
import { expected, rng, syntheticModel, syntheticUser } from './profile-synthetic-model.ts';
import { answerSession, arenaContext } from '../support/arena-synthetic.ts';

const K = 20;
const params = syntheticModel(600, K, 21);

const context = arenaContext;

const title = (item: number, rating: number | null = null, maybeSeen = false): PoolTitle => ({
  tconst: `t${item}`,
  item,
  rating,
  maybeSeen,
});

/** A user with a few noisy ratings, and the posterior fitted from them. */
function userWithRatings(seed: number, n = 10) {
  const u = syntheticUser(params, seed);
  const r = rng(seed + 100);
  const rate = (i: number) =>
    Math.min(
      10,
      Math.max(1, Math.round(2 * (expected(params, u, i) + r.normal() * Math.sqrt(params.noiseVar)))),
    );
  const items = Array.from({ length: n }, (_, i) => (i * 37 + seed * 11) % params.itemIds.length);
  const ratings = items.map((item) => ({ item, rating: rate(item) }));
  return { u, rate, ratings, post: fitTheta(params, ratings, [], { slope: 2 }) };
}

describe('arena pair choice', () => {
  it('computes BALD within 0.01 bits of quadrature, and nothing when w is known', () => {
    for (const [mu, v, s] of [
      [0, 1, 1],
      [0.5, 0.2, 1.3],
      [-1, 3, 0.8],
      [2, 0.5, 1],
    ] as const) {
      let expectedEntropy = 0;
      const n = 4000;
      for (let i = 0; i < n; i++) {
        const t = -6 + (12 * (i + 0.5)) / n;
        expectedEntropy += Math.exp(-0.5 * t * t) * entropyBits(normCdf((mu + Math.sqrt(v) * t) / s));
      }
      expectedEntropy *= 12 / n / Math.sqrt(2 * Math.PI);
      const exact = entropyBits(normCdf(mu / Math.sqrt(s * s + v))) - expectedEntropy;
      expect(Math.abs(probitInformation(mu, v, s).bits - exact)).toBeLessThan(0.01);
    }
    expect(probitInformation(0, 0, 1).bits).toBe(0);
  });

  it('scores a pair from cached parts exactly as the full view does, for every kind of pair', () => {
    const model = new PairModel(params, userWithRatings(7).post);
    const titles: PoolTitle[] = [
      title(10),
      title(11),
      title(12, 6),
      title(13, 9),
      { tconst: 's', item: -1, rating: 7, maybeSeen: false },
    ];
    for (const a of titles)
      for (const b of titles) {
        if (a === b) continue;
        const full = model.view(a, b);
        const fast = model.score(a, b);
        expect(fast.pA).toBeCloseTo(full.pA, 10);
        expect(fast.bits).toBeCloseTo(full.bits, 10);
      }
  });

  it('maximum entropy wants P near 0.5; information wants an answer that depends on your taste', () => {
    const { post } = userWithRatings(3);
    const model = new PairModel(params, post);
    // Candidates: many unrated items; the rules disagree about which pair is best.
    const pool = Array.from({ length: 120 }, (_, i) => title(200 + i));
    const info = selectPair(pool, model, 'info', context())!;
    const entropy = selectPair(pool, model, 'entropy', context())!;
    expect(Math.abs(entropy.view.pA - 0.5)).toBeLessThan(0.02);
    expect(info.view.bits).toBeGreaterThan(entropy.view.bits);
    // The best pair by information is the best of all candidates scored one by one.
    let best = 0;
    for (const a of pool) for (const b of pool) if (a !== b) best = Math.max(best, model.view(a, b).bits);
    expect(info.view.bits).toBeGreaterThan(0.8 * best);
  });

  it('never asks a pair asked before, two titles you may not have seen, or a title twice in one pair', () => {
    const { post } = userWithRatings(4);
    const model = new PairModel(params, post);
    const pool = [title(1, 7), title(2, null, true), title(3, null, true), title(4)];
    const asked = new PairSet().add('t1', 't4').add('t4', 't2');
    for (const rule of ['info', 'entropy', 'random'] as ArenaRule[]) {
      for (let seed = 1; seed < 30; seed++) {
        const c = selectPair(pool, model, rule, context(seed, { asked }));
        if (!c) continue;
        expect(c.a.tconst).not.toBe(c.b.tconst);
        expect(c.a.maybeSeen && c.b.maybeSeen).toBe(false);
        expect(asked.has(c.a.tconst, c.b.tconst)).toBe(false);
      }
    }
    // Only one pair is left: t1 against a popular title, or t4 against t3.
    const only = selectPair([title(1, 7), title(2, null, true)], model, 'info', context())!;
    expect(new PairSet().add('t1', 't2').has(only.a.tconst, only.b.tconst)).toBe(true);
    expect(selectPair([title(2, null, true), title(3, null, true)], model, 'info', context())).toBeNull();
  });

  it('shows new titles first and avoids repeating the question just answered', () => {
    const { post } = userWithRatings(5);
    const model = new PairModel(params, post);
    const pool = Array.from({ length: 40 }, (_, i) => title(300 + i));
    const first = selectPair(pool, model, 'info', context())!;
    const shown = new Set([first.a.tconst, first.b.tconst]);
    const second = selectPair(
      pool,
      model,
      'info',
      context(1, {
        asked: new PairSet().add(first.a.tconst, first.b.tconst),
        sessionTitles: shown,
        recentDirections: [first.view.direction!],
      }),
    )!;
    expect(shown.has(second.a.tconst) || shown.has(second.b.tconst)).toBe(false);
    // With every title shown, titles come back rather than the arena running dry.
    const all = new Set(pool.map((t) => t.tconst));
    expect(selectPair(pool, model, 'info', context(1, { sessionTitles: all }))).not.toBeNull();
  });

  it('reads a pair with a rated side the way the fit does: anchored by your rating', () => {
    expect(
      comparisonObservation(
        (t) => (t === 'x' ? 5 : 9),
        (t) => (t === 'y' ? 7 : undefined),
        'x',
        'y',
      ),
    ).toEqual({
      winner: 5,
      loser: -1,
      anchor: 7,
    });
    // Both rated, or both unrated: as two items. A series (no item) you rated: anchored.
    expect(
      comparisonObservation(
        (t) => (t === 'x' ? 3 : 4),
        () => 6,
        'x',
        'y',
      ),
    ).toEqual({ winner: 3, loser: 4 });
    expect(
      comparisonObservation(
        (t) => (t === 'x' ? 3 : 4),
        () => undefined,
        'x',
        'y',
      ),
    ).toEqual({ winner: 3, loser: 4 });
    expect(
      comparisonObservation(
        (t) => (t === 'x' ? -1 : 4),
        (t) => (t === 'x' ? 8 : 6),
        'x',
        'y',
      ),
    ).toEqual({
      winner: -1,
      loser: 4,
      anchor: 8,
    });
    expect(
      comparisonObservation(
        () => -1,
        () => 8,
        'x',
        'y',
      ),
    ).toBeNull();
    const model = new PairModel(params, userWithRatings(6).post);
    // A series you rated 7 against a film: teaches; two series you rated: only your ratings speak.
    expect(model.view(title(5), { item: -1, rating: 7 }).bits).toBeGreaterThan(0);
    const series = model.view({ item: -1, rating: 7 }, { item: -1, rating: 5 });
    expect(series.pA).toBeGreaterThan(0.5);
    expect(series.bits).toBe(0);
  });

  it('teaches more per answer with information-gain pairs than with random pairs (synthetic users)', () => {
    const sse: Record<ArenaRule, number> = { info: 0, entropy: 0, random: 0 };
    let n = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const { u, rate, ratings, post } = userWithRatings(seed);
      const rated = new Map(ratings.map((r) => [`t${r.item}`, r.rating]));
      const seen = Array.from(
        { length: 30 },
        (_, i) => (i * 13 + seed * 7 + 300) % params.itemIds.length,
      ).filter((i) => !rated.has(`t${i}`));
      const truth = new Map<string, number>([...rated, ...seen.map((i) => [`t${i}`, rate(i)] as const)]);
      const pool = [...ratings.map((r) => title(r.item, r.rating)), ...seen.map((i) => title(i))];
      const hidden = Array.from({ length: 60 }, (_, i) => (i * 7 + seed) % params.itemIds.length);
      for (const rule of ['info', 'entropy', 'random'] as ArenaRule[]) {
        const current = answerSession({ params, post, ratings, pool, truth, rule, seed, answers: 20 });
        for (const i of hidden) {
          let p = params.mu + params.itemBiasMean[i]! + current.mean[0]!;
          for (let k = 0; k < K; k++) p += current.mean[k + 1]! * params.itemFactorMean[i * K + k]!;
          sse[rule] += (p - expected(params, u, i)) ** 2;
        }
      }
      n += hidden.length;
    }
    const rmse = (rule: ArenaRule) => Math.sqrt(sse[rule] / n);
    console.log(
      `[arena synthetic] RMSE of the taste part after 20 answers, 30 users: info ${rmse('info').toFixed(4)}, entropy ${rmse('entropy').toFixed(4)}, random ${rmse('random').toFixed(4)}`,
    );
    expect(rmse('info')).toBeLessThan(rmse('random'));
  });
});
