// Titles without training ratings (the catalogue's metadata-placed ones) in the scoring kernel: with
// `keep` the kernel skips those whose bound cannot reach the best `keep` scores, and the top list is
// exactly the one every score gives (cold titles appended as the catalogue appends them, and
// interleaved as the time split has them; filters, implicit affinity, consensus, caution); and
// `coldDeviations` ranks a cold title at its mean minus that many deviations of its expected rating,
// and `coldPopularity` adds that many points per tenfold IMDb votes.
import { describe, expect, it } from 'vitest';
import { withColdItems } from '../../main/model/metadata/cold-items.ts';
import type { ModelParams } from '../../main/model/types.ts';
import { filterMask } from '../../main/recommend/score/filter.ts';
import { coldIndex, drawScores, topK, type ScoreInputs } from '../../main/recommend/score/thompson.ts';
import { defaultTuning } from '../../main/recommend/store.ts';
import { rng } from './profile-synthetic-model.ts';
import { recommendModel, recommendUser, syntheticCandidates } from './recommend-synthetic.ts';

const warm = recommendModel(2000, 3);
const { posterior, rated } = recommendUser(warm, 4, 120);
const r = rng(9);
const EXTRA = 6000;
const placed = Array.from({ length: EXTRA }, () => ({
  mean: Float32Array.from({ length: warm.dim }, () => r.normal() * 0.15),
  variance: Float32Array.from({ length: warm.dim }, () => 0.05 + 0.2 * r.uniform()),
  bias: r.normal() * 0.4,
  biasVariance: 0.05 + 0.3 * r.uniform(),
}));
const appended = withColdItems(
  warm,
  placed.map((_, e) => 1_000_000 + e),
  placed,
);
// The time split's layout: every fifth trained item made cold in place (no training ratings).
const interleaved: ModelParams = {
  ...warm,
  itemCounts: warm.itemCounts.map((n, i) => (i % 5 === 0 ? 0 : n)),
};

function lists(p: ModelParams, over: Partial<ScoreInputs>, k: number) {
  const c = syntheticCandidates(p);
  const affinity = Float32Array.from({ length: p.itemIds.length }, (_, i) => (i % 7 === 0 ? 0.05 : 0));
  const base: ScoreInputs = {
    params: p,
    posterior,
    mask: filterMask(c, {}, rated).mask,
    votes: c.mlVotes,
    consensus: { imdb: c.imdbRating, offset: 0.2 },
    imdbVotes: c.imdbVotes,
    implicit: affinity,
    tuning: defaultTuning,
    explore: 0.5,
    seed: 3,
    ...over,
  };
  const all = new Float64Array(p.itemIds.length);
  drawScores(base, all);
  const pruned = new Float64Array(p.itemIds.length);
  drawScores({ ...base, cold: coldIndex(p, c.mlVotes, c.imdbVotes), keep: k }, pruned);
  let skipped = 0;
  for (let i = 0; i < all.length; i++) if (all[i] !== -Infinity && pruned[i] === -Infinity) skipped++;
  return { all: topK(all, k), pruned: topK(pruned, k), skipped, scores: all, c };
}

describe('cold titles in the scoring kernel', () => {
  it('skipping by the bound keeps the top list exactly, and skips most cold titles', () => {
    const cases: [string, ModelParams, Partial<ScoreInputs>, number][] = [
      ['appended', appended, {}, 30],
      ['appended, explore 0', appended, { explore: 0 }, 20],
      ['appended, caution 1', appended, { tuning: { ...defaultTuning, coldDeviations: 1 } }, 30],
      [
        'appended, no cold terms',
        appended,
        { tuning: { ...defaultTuning, coldDeviations: 0, coldPopularity: 0 } },
        30,
      ],
      ['appended, audience 1', appended, { tuning: { ...defaultTuning, coldPopularity: 1 } }, 30],
      ['appended, no implicit', appended, { implicit: null }, 100],
      ['interleaved', interleaved, {}, 30],
      ['interleaved, caution 0.5', interleaved, { tuning: { ...defaultTuning, coldDeviations: 0.5 } }, 20],
    ];
    for (const [name, p, over, k] of cases) {
      const l = lists(p, over, k);
      expect(l.pruned, name).toEqual(l.all);
      if (p === appended) expect(l.skipped, name).toBeGreaterThan(EXTRA / 2);
    }
  });

  it('a filter that leaves only cold titles (series) still ranks them all correctly', () => {
    const c = syntheticCandidates(appended);
    // Only cold titles are series here.
    const series = Uint8Array.from({ length: c.n }, (_, i) =>
      i >= warm.itemIds.length && i % 3 === 0 ? 1 : 0,
    );
    const mask = filterMask({ ...c, series }, { type: 'series' }, rated).mask;
    const l = lists(appended, { mask }, 25);
    expect(l.all).toHaveLength(25);
    expect(l.pruned).toEqual(l.all);
    for (const i of l.all) expect(i).toBeGreaterThanOrEqual(warm.itemIds.length);
  });

  it('with shrinkVotes 0 cold titles are drawn too, and every one is scored', () => {
    const l = lists(appended, { tuning: { ...defaultTuning, shrinkVotes: 0 } }, 30);
    expect(l.pruned).toEqual(l.all);
    expect(l.skipped).toBe(0);
  });

  it('coldDeviations takes that many deviations of the expected rating off a cold title only', () => {
    const plain = { ...defaultTuning, consensusStrength: 0, implicitWeight: 0, coldPopularity: 0 };
    const at = (d: number) =>
      lists(appended, { implicit: null, explore: 0, tuning: { ...plain, coldDeviations: d } }, 10).scores;
    const a = at(0);
    const b = at(1.5);
    const th = posterior.mean.subarray(1);
    for (const i of [0, 5, warm.itemIds.length, warm.itemIds.length + 17]) {
      if (a[i] === -Infinity) continue;
      let v = appended.itemBiasVar[i]!;
      for (let j = 0; j < appended.dim; j++) v += th[j]! ** 2 * appended.itemFactorVar[i * appended.dim + j]!;
      const cold = i >= warm.itemIds.length;
      expect(a[i]! - b[i]!).toBeCloseTo(cold ? posterior.slope * 1.5 * Math.sqrt(v) : 0, 9);
    }
  });

  it('coldPopularity adds that many points per tenfold IMDb votes to a cold title only', () => {
    const plain = { ...defaultTuning, consensusStrength: 0, implicitWeight: 0, coldDeviations: 0 };
    const at = (w: number) =>
      lists(appended, { implicit: null, explore: 0, tuning: { ...plain, coldPopularity: w } }, 10);
    const a = at(0);
    const b = at(0.4).scores;
    for (const i of [1, 6, warm.itemIds.length + 3, warm.itemIds.length + 40]) {
      if (a.scores[i] === -Infinity) continue;
      const cold = i >= warm.itemIds.length;
      const lift = cold ? 0.4 * Math.log10(Math.max(1, a.c.imdbVotes[i]!) / 1000) : 0;
      expect(b[i]! - a.scores[i]!).toBeCloseTo(lift, 5);
    }
  });
});
