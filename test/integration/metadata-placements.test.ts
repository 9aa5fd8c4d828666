// The catalogue's titles outside MovieLens placed once per model version and floor and stored
// (metadata_placements, migration 0013), on the synthetic catalogue (no ../shared needed) with a
// few thousand IMDb-only titles: training places them in the worker and main stores them; a new
// refresh cache (what a worker start builds) reads them and places none; a restarted app neither
// places them again in main; a lower floor places again, a higher one reads the subset; a failed
// placement leaves what was stored and the list still comes; and deleting the version removes them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { loadActiveModel } from '../../main/model/store.ts';
import { titlesPlaced } from '../../main/model/metadata/placements.ts';
import { loadMetadataModel, saveMetadataModel } from '../../main/model/metadata/store.ts';
import { cacheFor } from '../../main/recommend/score/refresh.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';
import { rng } from '../bench/synthetic.ts';

const [synthetic] = movieLensFixtures();
const COLD = 3000;
const GENRES = ['Drama', 'Comedy', 'Thriller', 'Romance', 'Sci-Fi', 'Crime'];

/** IMDb-only titles (films and series after 2019), votes spread over 10..1M. */
function addImdbTitles(s: Services): { votes: number[] } {
  const r = rng(5);
  const title = s.db.prepare(
    'INSERT INTO imdb_titles (tconst, title_type, primary_title, original_title, start_year, runtime_minutes, genres) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const rating = s.db.prepare('INSERT INTO imdb_ratings VALUES (?, ?, ?)');
  const principal = s.db.prepare('INSERT INTO imdb_principals VALUES (?, ?, ?, ?)');
  const votes: number[] = [];
  s.db.transaction(() => {
    for (let e = 0; e < COLD; e++) {
      const t = `tt95${String(e).padStart(5, '0')}`;
      const type = e % 4 === 0 ? 'tvSeries' : 'movie';
      const genres = GENRES.filter(() => r() < 0.35).join(',') || 'Drama';
      title.run(t, type, `Title ${e}`, `Title ${e}`, 2020 + (e % 5), 40 + Math.floor(r() * 100), genres);
      const v = Math.round(10 ** (1 + 5 * r()));
      votes.push(v);
      rating.run(t, Math.round((4 + 5 * r()) * 10) / 10, v);
      principal.run(t, 1, `nm95${String(e % 300).padStart(5, '0')}`, 'director');
    }
  })();
  return { votes };
}

const row = (s: Services) =>
  s.db
    .prepare<[], { model_id: number; min_votes: number; titles: number; created_at: string }>(
      'SELECT model_id, min_votes, titles, created_at FROM metadata_placements',
    )
    .all();

describe('stored placements of the catalogue titles outside MovieLens (synthetic)', () => {
  const dir = tempDir('reeltaste-placements-');
  let s: Services;
  let votes: number[];
  let modelId: number;
  /** MovieLens films among the candidates. */
  let films: number;
  const above = (floor: number) => votes.filter((v) => v >= floor).length;
  beforeAll(async () => {
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    await ingestMovieLens(s, synthetic!.movielens);
    ({ votes } = addImdbTitles(s));
    await s.profile.importRatings(synthetic!.export.file);
  }, 120_000);
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });

  it('training places them in the worker and stores them with the version and floor', async () => {
    const t0 = performance.now();
    const outcome = await s.model.startTraining({ epochs: 6, seed: 2 }).done;
    modelId = outcome.modelId;
    await s.profile.fit();
    const rows = row(s);
    expect(rows).toEqual([
      { model_id: modelId, min_votes: 100, titles: above(100), created_at: expect.any(String) },
    ]);
    expect(above(100)).toBeGreaterThan(COLD / 2);
    console.log(
      `[placements] training + placing ${above(100)} titles: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 120_000);

  it('a new refresh cache (a worker start) reads them and places none; a restarted app places none', async () => {
    const model = loadActiveModel(s.db)!;
    const before = titlesPlaced();
    const t0 = performance.now();
    const cache = cacheFor(s.db, model, null, 100);
    const read = performance.now() - t0;
    expect(titlesPlaced() - before).toBe(0);
    expect(cache.candidates.n - model.itemIds.length).toBe(above(100));
    // The same cache with the placement removed places every title: the cost a stored one saves.
    const stored = s.db.prepare('SELECT * FROM metadata_placements').get();
    s.db.prepare('DELETE FROM metadata_placements').run();
    const t1 = performance.now();
    const placedCache = cacheFor(s.db, model, null, 100);
    const placing = performance.now() - t1;
    expect(titlesPlaced() - before).toBe(above(100));
    // Stored and placed here: the same posteriors, bit for bit.
    expect(Buffer.from(cache.model.itemFactorMean.buffer)).toEqual(
      Buffer.from(placedCache.model.itemFactorMean.buffer),
    );
    expect(Buffer.from(cache.model.itemBiasVar.buffer)).toEqual(
      Buffer.from(placedCache.model.itemBiasVar.buffer),
    );
    const columns = Object.keys(stored as object);
    s.db
      .prepare(
        `INSERT INTO metadata_placements (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      )
      .run(...Object.values(stored as object));
    console.log(
      `[placements] a new refresh cache with ${above(100)} cold titles: ${read.toFixed(0)} ms reading the stored placement, ${placing.toFixed(0)} ms placing them (${((1000 * placing) / above(100)).toFixed(0)} µs per title, the catalogue query and candidates included)`,
    );
    // Restart: a new app on the same folder, its first refresh.
    const first = row(s)[0]!;
    s.shutdown();
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    const list = await s.recommend.recommend({ type: 'series', topN: 10, seed: 1 });
    expect(list.items.length).toBe(10);
    expect(list.items.every((x) => x.source === 'metadata')).toBe(true);
    expect(row(s)).toEqual([first]);
  }, 120_000);

  it('a lower floor places again (in the worker) and replaces; a higher one reads the subset', async () => {
    const first = row(s)[0]!;
    films = (await s.recommend.recommend({ topN: 1, seed: 1 })).candidates - above(100);
    s.settings.update({ catalogue: { minVotes: 30 } });
    const low = await s.recommend.recommend({ type: 'series', topN: 500, seed: 1 });
    expect(row(s)).toEqual([
      { model_id: modelId, min_votes: 30, titles: above(30), created_at: expect.any(String) },
    ]);
    expect(row(s)[0]!.created_at >= first.created_at).toBe(true);
    expect(low.candidates).toBe(films + above(30));
    const placedRow = row(s)[0]!;
    s.settings.update({ catalogue: { minVotes: 5000 } });
    const high = await s.recommend.recommend({ type: 'series', topN: 500, seed: 1 });
    expect(row(s)).toEqual([placedRow]);
    expect(high.items.length).toBeGreaterThan(0);
    expect(high.items.every((x) => x.imdbVotes! >= 5000)).toBe(true);
    const model = loadActiveModel(s.db)!;
    const before = titlesPlaced();
    expect(cacheFor(s.db, model, null, 5000).candidates.n - model.itemIds.length).toBe(above(5000));
    expect(titlesPlaced()).toBe(before);
  }, 120_000);

  it('a failed placement leaves what was stored, and the list still comes (placed in memory)', async () => {
    const stored = row(s);
    const run = s.worker.run.bind(s.worker);
    const spy = vi
      .spyOn(s.worker, 'run')
      .mockImplementation(((task: string, ...rest: unknown[]) =>
        task === 'place-catalogue'
          ? Promise.reject(new Error('the worker died'))
          : (run as (...a: unknown[]) => unknown)(task, ...rest)) as typeof s.worker.run);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      s.settings.update({ catalogue: { minVotes: 10 } });
      const list = await s.recommend.recommend({ type: 'series', topN: 500, seed: 1 });
      expect(list.candidates).toBe(films + above(10));
      expect(list.items.length).toBeGreaterThan(0);
      expect(row(s)).toEqual(stored);
      expect(warn.mock.calls.flat().join(' ')).toMatch(/not placed at 10 votes \(the worker died\)/);
    } finally {
      spy.mockRestore();
      warn.mockRestore();
      s.settings.update({ catalogue: {} });
    }
  }, 120_000);

  it('a refitted metadata model drops the placement; deleting the version removes it', async () => {
    await s.recommend.recommend({ topN: 5, seed: 1 });
    expect(row(s)).toHaveLength(1);
    const m = loadMetadataModel(s.db, modelId)!;
    saveMetadataModel(s.db, modelId, m.model, m.report);
    expect(row(s)).toEqual([]);
    await s.recommend.recommend({ topN: 5, seed: 1 });
    expect(row(s)).toHaveLength(1);
    s.db.prepare('DELETE FROM models WHERE id = ?').run(modelId);
    expect(row(s)).toEqual([]);
  });
});
