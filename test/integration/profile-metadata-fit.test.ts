// Issue 21: your ratings and comparisons of titles outside MovieLens inform theta through their
// metadata-predicted posterior (synthetic, no ../shared needed). A planted cold title's rating moves
// theta along its factors; the same title placed with a very uncertain posterior moves it far
// less; without a metadata model the rating is stored and ignored, as before. Then the app's path:
// the Fitter folds a rating of a 2024 film and a comparison with a series into the fit at once, and
// the worker's full fit counts them the same way.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActiveModel } from '../../main/model/store.ts';
import type { ItemPosterior, TitleMetadata } from '../../main/model/types.ts';
import { buildFitModel, profileTitles, type TitlePlacer } from '../../main/profile/fit-model.ts';
import { observations } from '../../main/profile/store.ts';
import { fitTheta } from '../../main/profile/theta/fit.ts';
import { testServices } from '../support/datasets.ts';
import {
  installMetadataModel,
  installSyntheticCatalogue,
  syntheticTconst,
} from '../support/synthetic-catalogue.ts';
import { expected, rng, syntheticModel, syntheticUser } from '../unit/profile-synthetic-model.ts';

const FILM_2024 = { tconst: 'tt9900001', type: 'movie', title: 'The Late Train', year: 2024 };
const SERIES = { tconst: 'tt9900002', type: 'tvSeries', title: 'Harbour Lights', year: 2023 };
const params = syntheticModel(300, 8, 21);
const user = syntheticUser(params, 22);
const noise = rng(23);
const truth = (i: number) =>
  Math.min(10, Math.max(1, Math.round(2 * (expected(params, user, i) + 0.5 * noise.normal()))));

/** The planted posterior: strongly along factor 0, with the given variance (bias 0). */
function planted(variance: number): ItemPosterior {
  const mean = new Float32Array(params.dim);
  mean[0] = 1.5;
  return { mean, variance: new Float32Array(params.dim).fill(variance), bias: 0, biasVariance: variance };
}

/** Places the 2024 film (and only it) with `posterior`; a placer sees metadata, not ids. */
const placerFor = (posterior: ItemPosterior): TitlePlacer => ({
  posterior: (t: TitleMetadata) => (t.year === FILM_2024.year ? posterior : planted(100)),
});

describe('ratings of titles outside MovieLens in the theta fit (synthetic)', () => {
  const t = testServices('reeltaste-meta-fit-');
  const s = t.s;
  let modelId = 0;
  beforeAll(() => {
    modelId = installSyntheticCatalogue(s, params, [FILM_2024, SERIES]);
    const rating = s.db.prepare('INSERT INTO imdb_ratings VALUES (?, 7.9, 25000)');
    for (const x of [FILM_2024, SERIES]) rating.run(x.tconst);
    for (let i = 0; i < 30; i++) s.profile.rate(syntheticTconst(params.itemIds[i * 9]!), truth(i * 9));
  });
  afterAll(() => t.close());

  /** theta as the worker fits it (profile/tasks.ts), with `placer` as the version's metadata model. */
  function fitWith(placer: TitlePlacer | null) {
    const fm = buildFitModel(s.db, loadActiveModel(s.db)!, placer, profileTitles(s.db));
    const obs = observations(s.db, fm.itemOf);
    return { post: fitTheta(fm.params, obs.ratings, obs.comparisons, { slope: 2 }), obs, fm };
  }

  it('a planted cold title moves theta along its factors; a very uncertain one moves it far less', () => {
    const before = fitWith(placerFor(planted(0.001))).post;
    s.profile.rate(FILM_2024.tconst, 10);
    const sure = fitWith(placerFor(planted(0.001)));
    const unsure = fitWith(placerFor(planted(3)));
    const none = fitWith(null);
    expect(sure.obs.ratings).toHaveLength(31);
    expect(sure.fm.placed.get(FILM_2024.tconst)).toBe(params.itemIds.length);
    const moveSure = sure.post.mean[1]! - before.mean[1]!;
    const moveUnsure = unsure.post.mean[1]! - before.mean[1]!;
    console.log(
      `[metadata fit] theta_0 moved ${moveSure.toFixed(4)} by a confident cold rating, ${moveUnsure.toFixed(4)} by an uncertain one`,
    );
    // A 10 for a title strong on factor 0 says you like factor 0.
    expect(moveSure).toBeGreaterThan(0.05);
    expect(moveUnsure).toBeGreaterThan(0);
    expect(moveUnsure).toBeLessThan(0.3 * moveSure);
    // Without a metadata model the rating cannot be placed: the fit is what it was.
    expect(none.obs.ratings).toHaveLength(30);
    expect(none.fm.placed.size).toBe(0);
    expect(Array.from(none.post.mean)).toEqual(Array.from(before.mean));
    s.profile.undoRate(FILM_2024.tconst);
  });

  it("through the app: the Fitter counts a 2024 film's rating and a series comparison at once, the full fit the same", async () => {
    installMetadataModel(s, modelId, [FILM_2024, SERIES]);
    await s.profile.settled();
    const base = await s.profile.fit();
    expect(base.ratingsUsed).toBe(30);
    const step = s.profile.rate(FILM_2024.tconst, 9);
    expect(step).toMatchObject({ ratingsUsed: 31, kind: 'incremental' });
    const film = syntheticTconst(params.itemIds[5]!);
    const compared = s.profile.compare(SERIES.tconst, film);
    expect(compared).toMatchObject({ ratingsUsed: 31, comparisonsUsed: 1 });
    // The fit model holds both titles; a trained film it never considered needs no rebuild.
    const fm = s.profile.fitModel()!;
    expect([...fm.placed.keys()]).toEqual([FILM_2024.tconst, SERIES.tconst]);
    expect(s.profile.fitModel([syntheticTconst(params.itemIds[299]!)])).toBe(fm);
    const incremental = s.profile.predictor()!.posterior;
    const full = await s.profile.fit();
    expect(full).toMatchObject({ ratingsUsed: 31, comparisonsUsed: 1, kind: 'full' });
    // The full fit re-fits the slope and the noise; the incremental state is close to it.
    const fullPost = s.profile.predictor()!.posterior;
    let gap = 0;
    for (let k = 1; k <= params.dim; k++)
      gap = Math.max(gap, Math.abs(fullPost.mean[k]! - incremental.mean[k]!));
    expect(gap).toBeLessThan(0.1);
    // Both titles are predicted from their metadata, with an interval.
    for (const x of [FILM_2024, SERIES]) {
      const p = s.profile.predictor()!.predictTitle(x.tconst)!;
      expect(p.source).toBe('metadata');
      expect(p.predicted.high).toBeGreaterThan(p.predicted.low);
    }
    // Undo takes the comparison back out of the fit.
    const id = s.db.prepare('SELECT max(id) FROM profile_comparisons').pluck().get() as number;
    s.profile.undoComparison(id);
    await s.profile.settled();
    expect(s.profile.overview().fit).toMatchObject({ comparisonsUsed: 0, ratingsUsed: 31 });
  });

  it('an export of only titles outside MovieLens is fitted through their metadata', async () => {
    const other = testServices('reeltaste-meta-fit-import-');
    try {
      const id = installSyntheticCatalogue(other.s, params, [FILM_2024, SERIES]);
      installMetadataModel(other.s, id, [FILM_2024, SERIES]);
      const file = join(other.dir, 'ratings.csv');
      writeFileSync(
        file,
        [
          'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors',
          `${FILM_2024.tconst},9,2025-01-02,${FILM_2024.title},https://www.imdb.com/title/${FILM_2024.tconst}/,Movie,7.9,100,2024,Drama,25000,,`,
          `${SERIES.tconst},4,2025-01-03,${SERIES.title},https://www.imdb.com/title/${SERIES.tconst}/,TV Series,7.9,50,2023,Drama,25000,,`,
        ].join('\n') + '\n',
      );
      const outcome = await other.s.profile.importRatings(file);
      // No MovieLens film among them: before, no fit ran (nothing the model knew).
      expect(outcome.inModel).toBe(0);
      expect(outcome.fitError).toBeNull();
      expect(outcome.fit).toMatchObject({ ratingsUsed: 2, kind: 'full' });
    } finally {
      other.close();
    }
  });
});
