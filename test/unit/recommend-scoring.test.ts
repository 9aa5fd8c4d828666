// The Thompson scoring kernel on a synthetic model: explore 0 is exactly the posterior-mean ranking,
// a seed makes a draw repeatable and another seed draws differently, a filter removes titles without
// reshuffling the rest, shrinkage keeps little-known titles from winning draws by luck, and the IMDb
// consensus penalty is the documented hinge.
import { describe, expect, it } from 'vitest';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import { filterMask } from '../../main/recommend/score/filter.ts';
import { drawScores, topK, type ScoreInputs } from '../../main/recommend/score/thompson.ts';
import { defaultTuning } from '../../main/recommend/store.ts';
import { recommendModel, recommendUser, syntheticCandidates } from './recommend-synthetic.ts';

const p = recommendModel(3000);
const { posterior, rated } = recommendUser(p);
const c = syntheticCandidates(p);
const plain = { ...defaultTuning, consensusStrength: 0, implicitWeight: 0 };

function inputs(over: Partial<ScoreInputs> = {}): ScoreInputs {
  return {
    params: p,
    posterior,
    mask: filterMask(c, {}, rated).mask,
    votes: c.mlVotes,
    consensus: null,
    implicit: null,
    tuning: plain,
    explore: 0.5,
    seed: 1,
    ...over,
  };
}

function ranking(over: Partial<ScoreInputs> = {}, k = 30): number[] {
  const out = new Float64Array(p.itemIds.length);
  drawScores(inputs(over), out);
  return topK(out, k);
}

describe('Thompson scoring', () => {
  it('explore 0 ranks by the posterior mean, whatever the seed', () => {
    const mask = filterMask(c, {}, rated).mask;
    const expected = [...mask.keys()]
      .filter((i) => mask[i])
      .map((i) => ({ i, m: predictUserScale(p, posterior, i).mean }))
      .sort((a, b) => b.m - a.m)
      .slice(0, 30)
      .map((x) => x.i);
    expect(ranking({ explore: 0, seed: 1 })).toEqual(expected);
    expect(ranking({ explore: 0, seed: 99 })).toEqual(expected);
  });

  it('repeats a draw for the same seed and draws again for another', () => {
    expect(ranking({ seed: 7 })).toEqual(ranking({ seed: 7 }));
    const a = ranking({ seed: 7 });
    const b = ranking({ seed: 8 });
    expect(a).not.toEqual(b);
    // Still a ranking of the same user's taste: the lists overlap.
    expect(a.filter((i) => b.includes(i)).length).toBeGreaterThan(3);
  });

  it('never returns an excluded title, and a filter only removes titles', () => {
    const all = ranking({ seed: 3 }, 200);
    for (const i of rated) expect(all).not.toContain(i);
    const drama = filterMask(c, { genres: ['Drama'] }, rated).mask;
    const filtered = ranking({ seed: 3, mask: drama }, 20);
    expect(filtered).toEqual(all.filter((i) => drama[i]).slice(0, 20));
  });

  it('damps the sampled uncertainty of little-known titles', () => {
    const obscure = (list: number[]) => list.filter((i) => p.itemCounts[i]! < 10).length;
    let damped = 0;
    let undamped = 0;
    for (let seed = 0; seed < 20; seed++) {
      undamped += obscure(ranking({ seed, explore: 1, tuning: { ...plain, shrinkVotes: 0 } }));
      damped += obscure(ranking({ seed, explore: 1, tuning: { ...plain, shrinkVotes: 50 } }));
    }
    expect(damped).toBeLessThan(undamped * 0.7);
  });

  it('takes strength x (distance - tolerance) off a draw beyond the tolerance from the consensus', () => {
    const mask = new Uint8Array(p.itemIds.length).fill(1);
    const base = new Float64Array(p.itemIds.length);
    drawScores(inputs({ explore: 0, mask }), base);
    const imdb = Float32Array.from(base, (x, i) =>
      i % 3 === 0 ? x - 3 : i % 3 === 1 ? x + 0.5 : Number.NaN,
    );
    const consensus = { imdb: imdb.map((x) => x - 0.25), offset: 0.25 };
    const out = new Float64Array(p.itemIds.length);
    drawScores(
      inputs({
        explore: 0,
        mask,
        consensus,
        tuning: { ...plain, consensusStrength: 0.5, consensusTolerance: 1 },
      }),
      out,
    );
    expect(out[0]!).toBeCloseTo(base[0]! - 0.5 * (3 - 1), 5); // 3 above the consensus
    expect(out[1]!).toBeCloseTo(base[1]!, 9); // within the tolerance
    expect(out[2]!).toBeCloseTo(base[2]!, 9); // no IMDb rating
  });

  it('adds the implicit affinity with its weight', () => {
    const implicit = Float32Array.from({ length: p.itemIds.length }, (_, i) => (i === 5 ? 1 : 0));
    const mask = new Uint8Array(p.itemIds.length).fill(1);
    const a = new Float64Array(p.itemIds.length);
    const b = new Float64Array(p.itemIds.length);
    drawScores(inputs({ explore: 0, mask }), a);
    drawScores(inputs({ explore: 0, mask, implicit, tuning: { ...plain, implicitWeight: 20 } }), b);
    expect(b[5]! - a[5]!).toBeCloseTo(20, 6);
    expect(b[6]).toBe(a[6]);
  });

  it('topK matches a full sort', () => {
    const out = new Float64Array(p.itemIds.length);
    drawScores(inputs({ seed: 5 }), out);
    const sorted = [...out.keys()]
      .filter((i) => out[i] !== -Infinity)
      .sort((a, b) => out[b]! - out[a]! || a - b)
      .slice(0, 50);
    expect(topK(out, 50)).toEqual(sorted);
  });
});
