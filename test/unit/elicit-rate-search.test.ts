// The rate flow's binary search without real data: it finds every rating from consistent answers in
// a few steps (ties answered "about the same"), survives an inconsistent answer, stops within one
// rating or after maxSteps prompts (skips included), undoes exactly, starts closer with a model
// prior, and its 80% interval is honest when answers follow its own noise model.
import { describe, expect, it } from 'vitest';
import {
  answerInformation,
  outcomeLikelihood,
  RatingSearch,
  type Outcome,
  type Prior,
} from '../../main/elicit/rate/search.ts';
import { rng } from './profile-synthetic-model.ts';

const ANCHORS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const flat: Prior = { kind: 'ratings', ratings: [] };

/** Runs a search to the end: anchors chosen by the search, answers from `answer(anchor)`. */
function run(search: RatingSearch, answer: (anchor: number) => Outcome | boolean): RatingSearch {
  // A guard, so a search that never stops fails here instead of hanging.
  for (let i = 0; i < 60 && !search.done(); i++) {
    const anchor = search.nextAnchorRating(ANCHORS)!;
    search.answer(anchor, answer(anchor));
  }
  return search;
}

describe('rate binary search', () => {
  it('finds the rating from consistent answers in a few steps, ties answered as ties', () => {
    let steps = 0;
    let right = 0;
    for (let truth = 1; truth <= 10; truth++) {
      const s = run(new RatingSearch(flat), (a) => (truth === a ? 'tie' : truth > a));
      const e = s.current();
      if (e.middle === truth && e.low <= truth && truth <= e.high) right++;
      steps += s.steps;
    }
    expect(right).toBe(10);
    // A flat prior, the hardest start: the real-data simulation starts from a model or your ratings.
    expect(steps / 10).toBeLessThanOrEqual(5);
  });

  it('reads "about the same" as the anchor\'s rating, and a skip as a prompt that says nothing', () => {
    const s = new RatingSearch(flat, { maxSteps: 3 });
    s.answer(7, 'tie');
    expect(s.current().middle).toBe(7);
    const before = [...s.mass];
    s.skip(4);
    s.skip(9);
    expect(s.mass).toEqual(before);
    expect([s.steps, s.skipped, s.prompts]).toEqual([1, 2, 3]);
    // Skips count toward maxSteps: three prompts shown, the search is done.
    expect(s.done()).toBe(true);
    s.undoSkip();
    expect(s.prompts).toBe(2);
  });

  it('asks in the middle first and the first answer halves the range', () => {
    const s = new RatingSearch(flat);
    expect([5, 6]).toContain(s.nextAnchorRating(ANCHORS));
    s.answer(s.nextAnchorRating(ANCHORS)!, true);
    expect(s.current().middle).toBeGreaterThanOrEqual(6);
    // Only anchors you have are asked about.
    expect(s.nextAnchorRating([2, 3])).toBe(3);
    expect(s.nextAnchorRating([])).toBeNull();
  });

  it('is not derailed by one inconsistent answer', () => {
    const coin = rng(4);
    let found = 0;
    for (let rep = 0; rep < 10; rep++)
      for (let truth = 1; truth <= 10; truth++) {
        const s = new RatingSearch(flat, { maxSteps: 12 });
        let first = true;
        run(s, (a) => {
          const honest = truth === a ? coin.uniform() < 0.5 : truth > a;
          if (truth === a && !first) return 'tie';
          if (first && truth !== a) {
            first = false;
            return !honest; // the first decisive answer contradicts the truth
          }
          return honest;
        });
        const e = s.current();
        if (e.low <= truth && truth <= e.high) found++;
      }
    expect(found / 100).toBeGreaterThanOrEqual(0.9);
  });

  it('stops after the maximum number of steps, 10 unless set', () => {
    const alternate = (s: RatingSearch) => run(s, () => s.steps % 2 === 0);
    expect(alternate(new RatingSearch(flat, { maxSteps: undefined })).steps).toBeLessThanOrEqual(10);
    expect(alternate(new RatingSearch(flat, { maxSteps: 3 })).steps).toBe(3);
  });

  it('undoes an answer exactly', () => {
    const s = new RatingSearch(flat);
    s.answer(5, true);
    const before = [...s.mass];
    s.answer(8, false);
    s.undo();
    expect(s.mass).toEqual(before);
    expect(s.steps).toBe(1);
  });

  it('needs fewer questions when the model predicts the rating', () => {
    let flatSteps = 0;
    let modelSteps = 0;
    for (let truth = 2; truth <= 9; truth++) {
      const answer = (a: number) => (truth === a ? 'tie' : truth > a);
      flatSteps += run(new RatingSearch(flat), answer).steps;
      modelSteps += run(new RatingSearch({ kind: 'normal', mean: truth + 0.3, sd: 1 }), answer).steps;
    }
    expect(modelSteps).toBeLessThan(flatSteps);
  });

  it('gives an honest 80% interval when answers follow its noise model', () => {
    const r = rng(3);
    const prior: Prior = { kind: 'ratings', ratings: [3, 5, 6, 6, 7, 7, 7, 8, 8, 9] };
    let covered = 0;
    const n = 400;
    for (let t = 0; t < n; t++) {
      // Truth drawn from the prior; each answer from the search's own likelihood.
      const s = new RatingSearch(prior);
      const mass = s.mass;
      let u = r.uniform();
      let truth = 1;
      for (let k = 0; k < 10; k++) {
        u -= mass[k]!;
        if (u <= 0) {
          truth = k + 1;
          break;
        }
      }
      run(s, (a) => {
        const pWin = outcomeLikelihood(s.options, truth, a, 'win');
        const pTie = outcomeLikelihood(s.options, truth, a, 'tie');
        const u = r.uniform();
        return u < pWin ? 'win' : u < pWin + pTie ? 'tie' : 'lose';
      });
      // The interval is on the liking before rounding, uniform within the true rating's span.
      const e = s.current();
      covered += Math.max(0, Math.min(e.high, truth + 0.5) - Math.max(e.low, truth - 0.5));
    }
    expect(covered / n).toBeGreaterThanOrEqual(0.75);
    expect(covered / n).toBeLessThanOrEqual(0.88);
  });

  it('expects the most information near the middle, none far from every plausible rating', () => {
    const s = new RatingSearch({ kind: 'normal', mean: 8, sd: 0.7 });
    expect(answerInformation(s, 8)).toBeGreaterThan(0.25);
    expect(answerInformation(s, 2)).toBeLessThan(0.05);
  });
});
