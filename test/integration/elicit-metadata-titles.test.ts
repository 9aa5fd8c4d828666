// Issue 21: the rate flow and the arena pose titles outside MovieLens like MovieLens films
// (synthetic, no ../shared needed). A 2024 series is found by name, starts from the model's
// prediction from its metadata, is placed by comparisons with films you rated, saved with its
// interval and counted in your fit; `rate TCONST` does the same from the CLI; the arena asks about
// a 2024 film you marked seen, and the answer counts in your fit through its metadata posterior.
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import type { ArenaState, TitleCard } from '../../main/elicit/types.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { runCliInteractive } from '../support/cli.ts';
import {
  installMetadataModel,
  installSyntheticCatalogue,
  syntheticTconst,
} from '../support/synthetic-catalogue.ts';
import { tempDir } from '../support/tmp.ts';
import { expected, rng, syntheticModel, syntheticUser } from '../unit/profile-synthetic-model.ts';

const FILM_2024 = { tconst: 'tt9900011', type: 'movie', title: 'The Late Train', year: 2024 };
const SERIES = { tconst: 'tt9900012', type: 'tvSeries', title: 'Harbour Lights', year: 2024 };
/** What the user would rate the series: answers follow it. */
const SERIES_TRUTH = 8;
const params = syntheticModel(300, 8, 31);
const user = syntheticUser(params, 32);

/** A synthetic user who rated 30 films the model knows, with the two titles only IMDb lists. */
async function setUp(s: Services): Promise<void> {
  const modelId = installSyntheticCatalogue(s, params, [FILM_2024, SERIES]);
  installMetadataModel(s, modelId, [FILM_2024, SERIES]);
  const noise = rng(33);
  for (let i = 0; i < 30; i++) {
    const y = 2 * (expected(params, user, i * 9) + 0.5 * noise.normal());
    s.profile.rate(syntheticTconst(params.itemIds[i * 9]!), Math.min(10, Math.max(1, Math.round(y))));
  }
  await s.profile.fit();
}

const answerFor = (anchor: number) => (SERIES_TRUTH > anchor ? 'a' : SERIES_TRUTH < anchor ? 'b' : 'tie');

describe('titles outside MovieLens in the rate flow and the arena (synthetic)', () => {
  const dir = tempDir('reeltaste-elicit-meta-');
  let s: Services;
  beforeAll(async () => {
    s = createServices({ dataDir: join(dir.path, 'service'), spawner: nodeSpawner() });
    await setUp(s);
  });
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });

  it('finds a 2024 series, rates it from its metadata prediction against your films, and the rating counts', async () => {
    const [match] = await s.elicit.findTitles('Harbour Lights');
    expect(match).toMatchObject({
      tconst: SERIES.tconst,
      type: 'tvSeries',
      inModel: false,
      prior: 'metadata',
    });
    const before = s.profile.overview().fit!;
    const placed = s.profile.predictor(0)!.predictTitle(SERIES.tconst)!;
    expect(placed.source).toBe('metadata');
    let st = s.elicit.rateStart(SERIES.tconst, { maxSteps: 10 });
    expect(st.prior).toBe('metadata');
    // The search starts from the metadata prediction (its mean, on the 1-10 grid).
    expect(Math.abs(st.steps[0]!.estimate - placed.predicted.mean)).toBeLessThan(0.75);
    const anchors: TitleCard[] = [];
    while (!st.done) {
      anchors.push(st.anchor!);
      st = s.elicit.rateAnswer(st.sessionId, answerFor(st.anchor!.yourRating));
    }
    // Anchors are films you rated.
    expect(anchors.length).toBeGreaterThan(0);
    expect(anchors.every((a) => a.type === 'movie' && a.yourRating !== null)).toBe(true);
    const result = s.elicit.rateSave(st.sessionId);
    expect(result).toMatchObject({ tconst: SERIES.tconst, saved: true, steps: anchors.length });
    expect(result.low).toBeLessThanOrEqual(SERIES_TRUTH);
    expect(result.high).toBeGreaterThanOrEqual(SERIES_TRUTH);
    expect(
      s.db.prepare('SELECT rating, source FROM profile_ratings WHERE tconst = ?').get(SERIES.tconst),
    ).toEqual({
      rating: result.rating,
      source: 'in-app',
    });
    const stored = s.db
      .prepare("SELECT count(*) FROM profile_comparisons WHERE source = 'rate' AND a_tconst = ?")
      .pluck()
      .get(SERIES.tconst);
    expect(stored).toBe(anchors.length);
    // The saved rating informs theta through the series' metadata posterior (the comparisons
    // reach it through the rating only).
    const after = s.profile.overview().fit!;
    expect(after.ratingsUsed).toBe(before.ratingsUsed + 1);
    expect(after.comparisonsUsed).toBe(before.comparisonsUsed);
    await s.profile.settled();
  });

  it('asks about a 2024 film you marked seen, as a placed title, and the answer counts in your fit', () => {
    s.recommend.mark(FILM_2024.tconst, 'seen');
    let st: ArenaState = s.elicit.arenaStart({ rule: 'random', seed: 4 });
    for (let i = 0; i < 400 && st.pair; i++) {
      if (st.pair.a.tconst === FILM_2024.tconst || st.pair.b.tconst === FILM_2024.tconst) break;
      st = s.elicit.arenaAnswer(st.sessionId, 'skip');
    }
    const pair = st.pair!;
    const film = pair.a.tconst === FILM_2024.tconst ? pair.a : pair.b;
    expect(film).toMatchObject({
      tconst: FILM_2024.tconst,
      inModel: false,
      source: 'metadata',
      maybeSeen: false,
      yourRating: null,
    });
    const before = s.profile.overview().fit!.comparisonsUsed;
    st = s.elicit.arenaAnswer(st.sessionId, film === pair.a ? 'a' : 'b');
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(before + 1);
    while (st.canUndo) st = s.elicit.arenaUndo(st.sessionId);
    expect(s.profile.overview().fit!.comparisonsUsed).toBe(before);
    s.recommend.mark(FILM_2024.tconst, null);
  });
});

describe('rate TCONST from the CLI: a series only IMDb lists (synthetic)', () => {
  const dir = tempDir('reeltaste-rate-cli-meta-');
  beforeAll(async () => {
    const s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    try {
      await setUp(s);
    } finally {
      s.shutdown();
    }
  });
  afterAll(() => dir.remove());

  it('rates it by comparisons with your films, from its metadata prediction, and saves it with its interval', async () => {
    const run = await runCliInteractive(
      ['--data-dir', dir.path, 'rate', SERIES.tconst, '--max-steps', '8', '--jsonl'],
      (prompt) => {
        expect(prompt.prompt).toBe('pair');
        const [title, anchor] = prompt.pair as { tconst: string; type: string; yourRating: number }[];
        expect(title).toMatchObject({ tconst: SERIES.tconst, title: SERIES.title, type: 'tvSeries' });
        expect(anchor!.type).toBe('movie');
        return { a: '1', b: '2', tie: '=' }[answerFor(anchor!.yourRating)];
      },
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = run.objects.at(-1)!;
    expect(result).toMatchObject({ tconst: SERIES.tconst, title: SERIES.title, saved: true });
    expect(result.low as number).toBeLessThanOrEqual(SERIES_TRUTH);
    expect(result.high as number).toBeGreaterThanOrEqual(SERIES_TRUTH);
    const db = new BetterSqlite3(join(dir.path, 'reeltaste.db'), { readonly: true });
    try {
      expect(
        db.prepare('SELECT rating, title_type FROM profile_ratings WHERE tconst = ?').get(SERIES.tconst),
      ).toEqual({
        rating: result.rating,
        title_type: 'tvSeries',
      });
      // The fit stored after it counts the series' rating (30 films + the series).
      expect(db.prepare('SELECT n_ratings FROM profile_fits').pluck().get()).toBe(31);
    } finally {
      db.close();
    }
    // Not an id the catalogue has: said plainly.
    const missing = await runCliInteractive(
      ['--data-dir', dir.path, 'rate', 'tt0000404', '--jsonl'],
      () => null,
    );
    expect(missing.status).not.toBe(0);
    expect(JSON.stringify(missing.objects) + missing.stderr).toMatch(/not in the catalogue/);
  });
});
