// Recommendations end to end without the shared data: a synthetic catalogue (movies, IMDb ratings),
// a synthetic model and 150 ratings fitted in the compute worker, then refreshes through the
// worker, marks with undo, details and why, `predict`, and the CLI's JSON shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { saveModel } from '../../main/model/store.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import { loadFit } from '../../main/profile/store.ts';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import { popularItems } from '../../main/profile/insights.ts';
import { recommendModel, syntheticCandidates } from '../unit/recommend-synthetic.ts';
import { syntheticRatings, syntheticUser } from '../unit/profile-synthetic-model.ts';
import { runCli, runCliAsync } from '../support/cli.ts';
import { startFakeTmdb } from '../support/tmdb-server.ts';
import { fitMetadataModel, LIST_METADATA_OPTIONS } from '../../main/model/metadata/fit.ts';
import { loadMovieMetadata } from '../../main/model/metadata/load.ts';
import { saveMetadataModel } from '../../main/model/metadata/store.ts';
import { tempDir } from '../support/tmp.ts';

const N = 3000;
const p = recommendModel(N, 21);
const c = syntheticCandidates(p, 22);

function seedCatalogue(s: Services): string[] {
  const insert = s.db.prepare(
    'INSERT INTO movies (movie_id, title, year, genres, imdb_id, tconst, ml_votes) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const imdb = s.db.prepare('INSERT INTO imdb_ratings VALUES (?, ?, ?)');
  const rate = s.db.prepare(
    "INSERT INTO profile_ratings (tconst, rating, source, title, title_type, year, updated_at) VALUES (?, ?, 'imported', ?, 'movie', ?, '2026-01-01')",
  );
  const ratings = syntheticRatings(p, syntheticUser(p, 23), 150, 24);
  s.db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const t = c.tconst[i]!;
      // "Film 7, The": MovieLens' article order, for the title lookup.
      const title = i === 7 ? 'Film 7, The' : c.title[i]!;
      insert.run(
        p.itemIds[i],
        title,
        c.year[i],
        c.genres[i]!.join('|') || '(no genres listed)',
        t.slice(2),
        t,
        p.itemCounts[i],
      );
      if (!Number.isNaN(c.imdbRating[i]!))
        imdb.run(t, Math.round(c.imdbRating[i]! * 10) / 10, c.imdbVotes[i]);
    }
    for (const r of ratings) rate.run(c.tconst[r.item], r.rating, c.title[r.item], c.year[r.item]);
    s.db
      .prepare("INSERT INTO datasets VALUES ('movielens', 'synthetic', 'synthetic', '{}', '2026-01-01', 0)")
      .run();
  })();
  saveModel(s.db, {
    params: p,
    epochs: [],
    backend: 'js',
    threads: 1,
    seconds: 0,
    summary: { users: 0, items: N, ratings: 0, trainRatings: 0, heldOutRatings: 0 },
    options: defaultTrainOptions,
  });
  return ratings.map((r) => c.tconst[r.item]!);
}

describe('recommendations on a synthetic catalogue', () => {
  const dir = tempDir();
  let s: Services;
  let rated: Set<string>;
  beforeAll(async () => {
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    s.recommend.implicitOptions = { cap: 300 };
    expect(() => s.recommend.assertReady()).toThrow(/no trained model/);
    rated = new Set(seedCatalogue(s));
    await expect(s.recommend.recommend()).rejects.toThrow(/no taste profile yet/);
    await s.profile.fit();
    await s.recommend.ensureImplicit()?.done;
  });
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });
  const list = async (req: Parameters<Services['recommend']['recommend']>[0]) =>
    (await s.recommend.recommend(req)).items.map((x) => x.tconst);

  it('never suggests a rated or marked title; the same seed repeats, another draws again', async () => {
    const r = await s.recommend.recommend({ topN: 200, seed: 5 });
    expect(r.items).toHaveLength(200);
    expect(r.implicit).toBe(true);
    expect(r.candidates).toBe(N);
    expect(r.matching).toBe(N - rated.size);
    for (const x of r.items) expect(rated.has(x.tconst)).toBe(false);
    expect(await list({ topN: 30, seed: 5 })).toEqual(r.items.slice(0, 30).map((x) => x.tconst));
    expect(await list({ topN: 30, seed: 6 })).not.toEqual(r.items.slice(0, 30).map((x) => x.tconst));
    // Watchlist and not interested leave the rest of the draw as it was (seen also feeds the
    // implicit model, so it may move other titles).
    const [a, b, d] = r.items.map((x) => x.tconst);
    s.recommend.mark(b!, 'watchlist');
    s.recommend.mark(d!, 'not-interested');
    const after = await list({ topN: 198, seed: 5 });
    expect(after).toEqual(r.items.filter((x) => x.tconst !== b && x.tconst !== d).map((x) => x.tconst));
    s.recommend.mark(a!, 'seen');
    expect(await list({ topN: 197, seed: 5 })).not.toContain(a);
    for (const t of [a, b, d]) s.recommend.mark(t!, null);
  });

  it('counts a title compared in the arena as seen: never suggested, and fed to the implicit part', async () => {
    const before = await s.recommend.recommend({ topN: 200, seed: 5, explore: 0 });
    const [a, b] = before.items.map((x) => x.tconst);
    s.profile.compare(a!, b!);
    const after = await s.recommend.recommend({ topN: 200, seed: 5, explore: 0 });
    expect(after.matching).toBe(before.matching - 2);
    expect(after.items.map((x) => x.tconst)).not.toContain(a);
    expect(after.items.map((x) => x.tconst)).not.toContain(b);
    // Watched titles move the implicit part's scores of the others, not only the two removed.
    const score = (r: typeof before, t: string) => r.items.find((x) => x.tconst === t)?.score;
    const moved = before.items.slice(2).filter((x) => score(after, x.tconst) !== x.score);
    expect(moved.length).toBeGreaterThan(0);
    s.db.prepare('DELETE FROM profile_comparisons').run();
    await s.profile.fit();
  });

  it('at explore 0 ranks by the posterior mean, whatever the seed', async () => {
    const defaults = await list({ topN: 20, explore: 0, seed: 1 });
    expect(await list({ topN: 20, explore: 0, seed: 2 })).toEqual(defaults);
    s.recommend.updateTuning({ consensusStrength: 0, implicitWeight: 0 });
    try {
      const model = s.model.active()!;
      const fit = loadFit(s.db, model.id)!;
      const expected = [...Array(N).keys()]
        .filter((i) => !rated.has(c.tconst[i]!))
        .map((i) => ({ t: c.tconst[i]!, m: predictUserScale(model, fit.posterior, i).mean }))
        .sort((x, y) => y.m - x.m)
        .slice(0, 20)
        .map((x) => x.t);
      expect(await list({ topN: 20, explore: 0, seed: 9 })).toEqual(expected);
    } finally {
      s.recommend.updateTuning(null);
    }
  });

  it('returns only titles matching the genre filter, any or all', async () => {
    const genresOf = (t: string) => c.genres[c.itemOfTconst.get(t)!]!;
    const any = await s.recommend.recommend({ topN: 100, seed: 3, genres: ['Horror', 'Romance'] });
    const all = await s.recommend.recommend({
      topN: 100,
      seed: 3,
      genres: ['Horror', 'Romance'],
      genreMode: 'all',
    });
    expect(all.matching).toBeLessThan(any.matching);
    for (const x of any.items)
      expect(genresOf(x.tconst).some((g) => g === 'Horror' || g === 'Romance')).toBe(true);
    for (const x of all.items)
      expect(genresOf(x.tconst)).toEqual(expect.arrayContaining(['Horror', 'Romance']));
    await expect(s.recommend.recommend({ genres: ['Nope'] })).rejects.toThrow(/Unknown genre "Nope"/);
  });

  it('gives predictions on the 1-10 scale with an 80% interval, and why', async () => {
    const [x] = (await s.recommend.recommend({ topN: 1, seed: 4, details: true })).items;
    expect(x!.low).toBeLessThanOrEqual(x!.predicted);
    expect(x!.high).toBeGreaterThanOrEqual(x!.predicted);
    expect(x!.low).toBeGreaterThanOrEqual(1);
    expect(x!.high).toBeLessThanOrEqual(10);
    expect(x!.why!.summary).toMatch(/^Predicted \d+\.\d for you \(80% between/);
    expect(x!.why!.similar.length).toBeGreaterThan(0);
    for (const f of x!.why!.similar) expect(rated.has(f.tconst)).toBe(true);
    expect(x!.why!.factors.length).toBeGreaterThan(0);
    expect(s.recommend.explain(x!.tconst)).toEqual(x!.why);
  });

  it('never names a title among the films that describe its own taste factors', () => {
    // The titles most likely to be their own example: each factor's strongest loading among the
    // popular films (the pool the factors are described from).
    const pool = popularItems(p, 1500);
    const k = p.dim;
    let checked = 0;
    for (let j = 0; j < k; j++) {
      for (const sign of [1, -1]) {
        const pole = pool.reduce((a, b) =>
          sign * p.itemFactorMean[b * k + j]! > sign * p.itemFactorMean[a * k + j]! ? b : a,
        );
        const d = s.recommend.details(c.tconst[pole]!);
        if (!d.why) continue;
        const own = `${d.title}${d.year ? ` (${d.year})` : ''}`;
        for (const f of d.why.factors) expect([...f.like, ...f.unlike]).not.toContain(own);
        checked += d.why.factors.length;
      }
    }
    expect(checked).toBeGreaterThan(k);
  });

  it('undoes a mark by putting the previous one back', () => {
    const t = c.tconst[rated.has(c.tconst[0]!) ? 1 : 0]!;
    expect(s.recommend.mark(t, 'seen')).toEqual({ tconst: t, mark: 'seen', previous: null });
    const change = s.recommend.mark(t, 'watchlist');
    expect(change.previous).toBe('seen');
    s.recommend.mark(t, change.previous);
    expect(s.recommend.marks().map((m) => [m.tconst, m.mark])).toEqual([[t, 'seen']]);
    expect(s.recommend.marks('seen')[0]!.predicted).toBeGreaterThan(0);
    expect(() => s.recommend.unmark(t, 'watchlist')).toThrow(/not on your watchlist list/);
    s.recommend.unmark(t, 'seen');
    expect(s.recommend.marks()).toEqual([]);
    expect(() => s.recommend.mark('tt9999999', 'seen')).toThrow(/not in the catalogue/);
  });

  it('predicts a title by id or by its normalised title', () => {
    const byTitle = s.recommend.predict('the film 7');
    expect(byTitle.tconst).toBe(c.tconst[7]);
    expect(byTitle.predicted).not.toBeNull();
    expect(s.recommend.predict(c.tconst[8]!).title).toBe('Film 8');
    expect(() => s.recommend.predict('No Such Film')).toThrow(/No title matches "No Such Film"/);
    expect(() => s.recommend.predict('Film 8', 1800)).toThrow(/No title matches "Film 8" from 1800/);
  });

  it('predicts a series outside MovieLens from its metadata, with source and a wider interval', async () => {
    const series = 'tt9900001';
    s.db
      .prepare(
        "INSERT INTO imdb_titles (tconst, title_type, primary_title, original_title, start_year, runtime_minutes, genres) VALUES (?, 'tvSeries', 'A Series', 'A Series', 2024, 50, 'Drama')",
      )
      .run(series);
    s.db.prepare('INSERT INTO imdb_ratings VALUES (?, 8.1, 20000)').run(series);
    expect(s.recommend.details(series)).toMatchObject({ predicted: null, source: null });
    const modelId = s.model.active()!.id;
    const fitted = fitMetadataModel(s.model.active()!, loadMovieMetadata(s.db), LIST_METADATA_OPTIONS);
    saveMetadataModel(s.db, modelId, fitted.model, fitted.report);
    const p = s.recommend.predict(series);
    expect(p).toMatchObject({ tconst: series, source: 'metadata' });
    // Why names what placed it, then the rated films closest to where it was placed.
    expect(p.why!.summary).toMatch(
      /^Placed from its IMDb metadata, not MovieLens ratings: Drama; 2024; IMDb 8\.1\. Predicted/,
    );
    expect(p.why!.similar.length).toBeGreaterThan(0);
    const film = s.recommend.predict(c.tconst[8]!);
    expect(film.source).toBe('ratings');
    // Little is known of it: its predictive variance is above the trained films' median.
    const predictor = s.profile.predictor()!;
    const variances = [...Array(N).keys()].map((i) => predictor.predict(i).variance).sort((a, b) => a - b);
    expect(predictor.predictTitle(series)!.predicted.variance).toBeGreaterThan(variances[N >> 1]!);
    // It is a candidate beside the MovieLens films: `recommend --type series` finds it.
    const series_ = await s.recommend.recommend({ type: 'series', topN: 5, seed: 1 });
    expect(series_.items.map((x) => [x.tconst, x.source])).toEqual([[series, 'metadata']]);
    expect(
      (await s.recommend.recommend({ topN: 5, seed: 1 })).items.every((x) => x.source === 'ratings'),
    ).toBe(true);
    // The floor in Settings → Data moves it out of the list and out of `predict`; --min-votes too.
    s.settings.update({ catalogue: { minVotes: 50_000 } });
    expect((await s.recommend.recommend({ type: 'series', topN: 5, seed: 1 })).items).toEqual([]);
    expect(() => s.recommend.predict(series)).toThrow(/at least 50000 votes/);
    expect(s.recommend.predict(series, undefined, 1000).source).toBe('metadata');
    expect(
      (await s.recommend.recommend({ type: 'series', topN: 5, seed: 1, minVotes: 1000 })).items,
    ).toHaveLength(1);
    s.settings.update({ catalogue: {} });
    expect((await s.recommend.recommend({ type: 'series', topN: 5, seed: 1 })).items).toHaveLength(1);
    // Under the vote floor it is not in the catalogue.
    s.db.prepare('UPDATE imdb_ratings SET num_votes = 10 WHERE tconst = ?').run(series);
    expect(s.recommend.details(series).predicted).toBeNull();
    s.db.prepare('UPDATE imdb_ratings SET num_votes = 20000 WHERE tconst = ?').run(series);
  });

  it('keeps the CLI JSON to the documented fields', () => {
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const cli = (...args: string[]) => runCli(['--data-dir', dir.path, '--json', ...args]);
    const r = cli('recommend', '--top-n', '3', '--seed', '42');
    expect(r.status).toBe(0);
    const items = r.json<Record<string, unknown>[]>();
    expect(items).toHaveLength(3);
    expect(Object.keys(items[0]!)).toEqual([
      'tconst',
      'title',
      'year',
      'genres',
      'predicted',
      'low',
      'high',
      'imdbRating',
      'imdbVotes',
      'source',
    ]);
    expect(cli('recommend', '--top-n', '3', '--seed', '42').json()).toEqual(items);
    const detailed = cli('recommend', '--top-n', '1', '--seed', '42', '--show-details').json<
      { why: { summary: string } }[]
    >();
    expect(detailed[0]!.why.summary).toMatch(/^Predicted/);
    expect(cli('recommend', '--list-genres').json()).toEqual([...new Set(c.genres.flat())].sort());
    const t = items[0]!.tconst as string;
    expect(cli('watchlist', 'add', t).json()).toEqual({ tconst: t, mark: 'watchlist', previous: null });
    expect(
      cli('watchlist', 'list')
        .json<{ tconst: string }[]>()
        .map((m) => m.tconst),
    ).toEqual([t]);
    expect(cli('recommend', '--top-n', '3', '--seed', '42').json<{ tconst: string }[]>()[0]!.tconst).not.toBe(
      t,
    );
    expect(cli('watchlist', 'remove', t).json()).toMatchObject({ mark: null, previous: 'watchlist' });
    const bad = cli('recommend', '--explore', '1.5');
    expect(bad.status).toBe(2);
    expect(bad.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: '--explore must be a number from 0 to 1 (got "1.5").' },
    });
    expect(cli('seen', 'frobnicate').status).toBe(2);
    expect(cli('predict', 'tt9900001').json()).toMatchObject({
      source: 'metadata',
      predicted: expect.any(Number),
    });
    const floored = cli('predict', 'tt9900001', '--min-votes', '50000');
    expect(floored.status).not.toBe(0);
    expect(floored.json<{ error: { message: string } }>().error.message).toMatch(/at least 50000 votes/);
    expect(cli('predict', c.tconst[8]!).json()).toMatchObject({
      tconst: c.tconst[8],
      title: 'Film 8',
      source: 'ratings',
      why: { summary: expect.any(String) },
    });
  });

  it('recommend --on SERVICE fills the list from a few hundred deep, marking unknown availability', async () => {
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const key = '0123456789abcdef0123456789abcdef';
    // find gives each title the tmdb id of its tconst's number; one in 7 streams on Netflix GB.
    const tmdb = await startFakeTmdb([], {
      apiKey: key,
      anyTitle: true,
      providers: [
        { id: 8, name: 'Netflix', regions: { GB: 1 } },
        { id: 2, name: 'Apple TV', regions: { GB: 2 } },
      ],
      anyWatch: (id) => ({ GB: id % 7 === 0 ? { flatrate: [8], rent: [2] } : { rent: [2] } }),
    });
    try {
      const plain = runCli([
        '--data-dir',
        dir.path,
        '--json',
        'recommend',
        '--top-n',
        '300',
        '--seed',
        '42',
      ]).json<{ tconst: string }[]>();
      const onNetflix = new Set(plain.map((x) => x.tconst).filter((t) => Number(t.slice(2)) % 7 === 0));
      expect(onNetflix.size).toBeGreaterThanOrEqual(30);
      // One title's lookup fails: it stays in, marked unknown.
      const failing = plain.find((x) => onNetflix.has(x.tconst))!.tconst;
      tmdb.misbehave(`/3/find/${failing}`, 1, { status: 503 });
      const env = { REELTASTE_TMDB_API_BASE_URL: tmdb.apiBase, REELTASTE_TMDB_KEY: key };
      const r = await runCliAsync(
        ['--data-dir', dir.path, '--json', 'recommend', '--seed', '42', '--on', 'netflix', '--region', 'GB'],
        env,
      );
      expect(r.status, r.stderr).toBe(0);
      const items = r.json<{ tconst: string; where: string; providers: string[] }[]>();
      const on = items.filter((x) => x.where === 'on');
      expect(on).toHaveLength(30);
      for (const x of on) {
        expect(onNetflix.has(x.tconst)).toBe(true);
        expect(x.providers).toEqual(['Netflix']);
      }
      expect(items.filter((x) => x.where === 'unknown').map((x) => x.tconst)).toEqual([failing]);
      // In the plain ranking's order, and the ids `watch-providers` prints work as well as names.
      expect(items.map((x) => x.tconst)).toEqual(
        plain.map((x) => x.tconst).filter((t) => items.some((x) => x.tconst === t)),
      );
      const byId = await runCliAsync(
        [
          '--data-dir',
          dir.path,
          '--json',
          'recommend',
          '--seed',
          '42',
          '--on',
          '8',
          '--region',
          'GB',
          '--top-n',
          '5',
        ],
        env,
      );
      expect(byId.json<{ where: string }[]>().filter((x) => x.where === 'on')).toHaveLength(5);
      const unknownService = await runCliAsync(
        ['--data-dir', dir.path, '--json', 'recommend', '--on', 'Blockbuster'],
        env,
      );
      expect(unknownService.status).toBe(2);
      expect(unknownService.stdout).toMatch(/No service \\"Blockbuster\\" in TMDB/);
    } finally {
      await tmdb.close();
    }
  });
});
