// The elicitation service over real SQLite without real data: a synthetic catalogue and model, a
// user who rated a few films and a series. The arena stores each answer with its details and folds
// it into theta at once (the meter falls); skip, not seen and undo (back to the session start) do
// what they say; the rate flow places a film and a series on the user's scale and saves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ArenaState } from '../../main/elicit/types.ts';
import { expected, rng, syntheticModel, syntheticUser } from '../unit/profile-synthetic-model.ts';
import { testServices } from '../support/datasets.ts';
import { installSyntheticCatalogue, syntheticTconst } from '../support/synthetic-catalogue.ts';

const SERIES = 'tt9000001';
const params = syntheticModel(300, 20, 8);
const user = syntheticUser(params, 9);
const noise = rng(10);
/** The user's rating of item i (1-10), noisy like a real one. */
const truth = (i: number) =>
  Math.min(10, Math.max(1, Math.round(2 * (expected(params, user, i) + 0.5 * noise.normal()))));

describe('elicitation service (synthetic catalogue)', () => {
  const t = testServices('reeltaste-elicit-');
  const s = t.s;
  const rows = () =>
    s.db.prepare('SELECT * FROM profile_comparisons ORDER BY id').all() as Record<string, unknown>[];
  const ratingsOf = new Map<string, number>();
  beforeAll(() => {
    installSyntheticCatalogue(s, params, [
      { tconst: SERIES, type: 'tvSeries', title: 'A Long Series', year: 2015 },
    ]);
    for (let i = 0; i < 25; i++) {
      const r = truth(i * 7);
      ratingsOf.set(syntheticTconst(params.itemIds[i * 7]!), r);
      s.profile.rate(syntheticTconst(params.itemIds[i * 7]!), r);
    }
    s.profile.rate(SERIES, 8);
    ratingsOf.set(SERIES, 8);
  });
  afterAll(() => t.close());

  it('stores every answer with its details, updates theta at once and the meter falls', async () => {
    let st = s.elicit.arenaStart({ rule: 'info', seed: 1 });
    expect(st.pair).not.toBeNull();
    const start = st.uncertainty.now;
    expect(st.uncertainty.prior).toBeGreaterThan(start);
    const used = () => s.profile.overview().fit!.comparisonsUsed;
    for (let n = 1; n <= 6; n++) {
      const pair = st.pair!;
      st = s.elicit.arenaAnswer(st.sessionId, 'a');
      const row = rows().at(-1)!;
      expect(row).toMatchObject({
        winner_tconst: pair.a.tconst,
        loser_tconst: pair.b.tconst,
        a_tconst: pair.a.tconst,
        b_tconst: pair.b.tconst,
        answer: 'a',
        source: 'arena',
        session_id: st.sessionId,
      });
      expect(row.p_a).toBeCloseTo(pair.pA, 9);
      expect(row.ms).toBeGreaterThanOrEqual(0);
      // This test answers within milliseconds: every answer after the first is a possible mis-click.
      expect(row.flagged).toBe(n === 1 ? 0 : 1);
      expect(st.lastAnswer).toMatchObject({ answer: 'a', flagged: n > 1 });
      expect(st.answered).toBe(n);
    }
    expect(used()).toBe(6);
    expect(st.uncertainty.now).toBeLessThan(start);
    // The top of your recommendations is read off the answer's path, and shows the last move.
    st = await s.elicit.arenaTop(st.sessionId);
    expect(st.top).toHaveLength(10);
    expect(st.top.every((e) => e.rank >= 1 && e.rank <= 10)).toBe(true);
    // Undo goes back answer by answer to the session start, for good, and asks the pair again.
    const lastPair = rows().at(-1)!;
    st = s.elicit.arenaUndo(st.sessionId);
    expect(st.pair!.a.tconst).toBe(lastPair.a_tconst);
    expect(rows()).toHaveLength(5);
    while (st.canUndo) st = s.elicit.arenaUndo(st.sessionId);
    expect(rows()).toHaveLength(0);
    expect(used()).toBe(0);
    expect(st.uncertainty.now).toBeCloseTo(start, 6);
    expect(() => s.elicit.arenaUndo(st.sessionId)).toThrow(/Nothing to undo/);
  });

  it('stores "about the same" as a tie that the fit counts and undo takes back', () => {
    let st = s.elicit.arenaStart({ rule: 'info', seed: 3 });
    const used = s.profile.overview().fit!.comparisonsUsed;
    const pair = st.pair!;
    st = s.elicit.arenaAnswer(st.sessionId, 'tie');
    expect(rows().at(-1)).toMatchObject({
      winner_tconst: pair.a.tconst,
      loser_tconst: pair.b.tconst,
      answer: '=',
      tie: 1,
      source: 'arena',
    });
    expect(st).toMatchObject({ answered: 1, ties: 1, skipped: 0 });
    expect(st.lastAnswer?.answer).toBe('tie');
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(used + 1);
    st = s.elicit.arenaUndo(st.sessionId);
    expect(st.ties).toBe(0);
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(used);
  });

  it('skips, marks a popular title as not seen (never asked again), and undoes both', async () => {
    let st: ArenaState = s.elicit.arenaStart({ rule: 'random', seed: 2 });
    const before = rows().length;
    st = s.elicit.arenaAnswer(st.sessionId, 'skip');
    expect(rows()).toHaveLength(before);
    expect(st.skipped).toBe(1);
    // Answer until a popular title you may not have seen comes up, then say so.
    let guard = 0;
    while (!(st.pair!.a.maybeSeen || st.pair!.b.maybeSeen) && guard++ < 40)
      st = s.elicit.arenaAnswer(st.sessionId, 'b');
    const unseen = st.pair!.a.maybeSeen ? st.pair!.a : st.pair!.b;
    const known = st.pair!.a.maybeSeen ? st.pair!.b : st.pair!.a;
    expect(known.maybeSeen).toBe(false);
    st = s.elicit.arenaAnswer(st.sessionId, 'not-seen');
    expect(s.db.prepare('SELECT tconst FROM elicit_not_seen').pluck().all()).toEqual([unseen.tconst]);
    for (let i = 0; i < 15 && st.pair; i++) {
      expect([st.pair.a.tconst, st.pair.b.tconst]).not.toContain(unseen.tconst);
      st = s.elicit.arenaAnswer(st.sessionId, 'skip');
    }
    while (st.canUndo) st = s.elicit.arenaUndo(st.sessionId);
    expect(s.db.prepare('SELECT count(*) FROM elicit_not_seen').pluck().get()).toBe(0);
    expect(rows()).toHaveLength(before);
    expect(
      s.db.prepare('SELECT answered, skipped, not_seen FROM elicit_sessions WHERE id = ?').get(st.sessionId),
    ).toEqual({
      answered: 0,
      skipped: 0,
      not_seen: 0,
    });
  });

  it('asks about titles you marked seen, never about your watchlist or what you are not interested in', async () => {
    const film = (i: number) => syntheticTconst(params.itemIds[i]!);
    // Unrated films: one marked seen, two marked as not watched.
    s.recommend.mark(film(2), 'seen');
    s.recommend.mark(film(3), 'watchlist');
    s.recommend.mark(film(4), 'not-interested');
    let st = s.elicit.arenaStart({ rule: 'random', seed: 5 });
    const shown = new Map<string, boolean>();
    for (let i = 0; i < 120 && st.pair; i++) {
      for (const side of [st.pair.a, st.pair.b]) shown.set(side.tconst, side.maybeSeen);
      st = s.elicit.arenaAnswer(st.sessionId, 'skip');
    }
    expect(shown.get(film(2))).toBe(false);
    expect(shown.has(film(3))).toBe(false);
    expect(shown.has(film(4))).toBe(false);
    while (st.canUndo) st = s.elicit.arenaUndo(st.sessionId);
    for (const i of [2, 3, 4]) s.recommend.mark(film(i), null);
  });

  it('counts a comparison with your rated series in the fit, anchored by your rating', () => {
    const before = s.profile.overview().fit!.comparisonsUsed;
    s.profile.compare(SERIES, syntheticTconst(params.itemIds[100]!));
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(before + 1);
    const [row] = rows().slice(-1);
    s.profile.undoComparison(row!.id as number);
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(before);
  });

  it('rates a film the model knows from its prediction, and a series through your rated films', () => {
    const fitBefore = s.profile.overview().fit!;
    const film = params.itemIds[151]!;
    const filmTruth = truth(151);
    for (const [tconst, rating] of [
      [syntheticTconst(film), filmTruth],
      [SERIES, 3],
    ] as const) {
      let st = s.elicit.rateStart(tconst, { maxSteps: 12 });
      expect(st.prior).toBe(tconst === SERIES ? 'your-ratings' : 'model');
      expect(st.steps).toHaveLength(1);
      while (!st.done) {
        const a = st.anchor!.yourRating;
        st = s.elicit.rateAnswer(st.sessionId, rating > a ? 'a' : rating < a ? 'b' : 'tie');
        // The chart's series: one point per answer, the interval never wider than the prior's.
        expect(st.steps).toHaveLength(st.steps.at(-1)!.step + 1);
      }
      expect(st.low).toBeLessThanOrEqual(rating);
      expect(st.high).toBeGreaterThanOrEqual(rating);
      const result = s.elicit.rateSave(st.sessionId);
      expect(result).toMatchObject({ tconst, rating: st.rating, saved: true });
      expect(s.db.prepare('SELECT rating, source FROM profile_ratings WHERE tconst = ?').get(tconst)).toEqual(
        {
          rating: st.rating,
          source: 'in-app',
        },
      );
      const stored = rows().filter((r) => r.session_id === st.sessionId);
      expect(stored).toHaveLength(result.steps);
      expect(stored.every((r) => r.source === 'rate' && r.a_tconst === tconst)).toBe(true);
      // A tie against an anchor rated the same is stored as one.
      for (const r of stored) expect(r.tie).toBe(r.answer === '=' ? 1 : 0);
    }
    // The rate flow's comparisons reach theta through the saved rating only.
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(fitBefore.comparisonsUsed);
  });

  it('rate: every prompt counts toward maxSteps, a skipped rating waits a turn, no anchor twice', () => {
    let st = s.elicit.rateStart(SERIES, { maxSteps: 6 });
    const shown: { tconst: string; rating: number }[] = [];
    while (!st.done) {
      shown.push({ tconst: st.anchor!.tconst, rating: st.anchor!.yourRating });
      st = s.elicit.rateAnswer(st.sessionId, 'skip');
    }
    expect(shown).toHaveLength(6);
    expect(st).toMatchObject({ stopped: 'max-steps', skipped: 6 });
    expect(new Set(shown.map((x) => x.tconst)).size).toBe(6);
    for (let i = 1; i < shown.length; i++) expect(shown[i]!.rating).not.toBe(shown[i - 1]!.rating);
    expect(s.elicit.rateResult(st.sessionId)).toMatchObject({ steps: 0, skipped: 6 });
  });

  it('finds titles to rate by name, your own series included', async () => {
    expect((await s.elicit.findTitles('long series'))[0]).toMatchObject({
      tconst: SERIES,
      type: 'tvSeries',
      inModel: false,
    });
    expect((await s.elicit.findTitles('Film 15', { year: 1975 })).map((m) => m.tconst)).toContain(
      syntheticTconst(15),
    );
    expect(await s.elicit.findTitles('   ')).toEqual([]);
  });
});
