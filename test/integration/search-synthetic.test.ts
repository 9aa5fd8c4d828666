// Title search over a synthetic IMDb catalogue (runs without ../shared): the queries, the
// filters, the CLI's JSON, latest-query-wins, and an import that fails leaving the old index.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { QueryThread } from '../../main/search/threads.ts';
import type { SearchHit } from '../../main/search/types.ts';
import { runCli } from '../support/cli.ts';
import { testServices } from '../support/datasets.ts';
import { writeSyntheticImdb } from '../support/titles.ts';

describe('title search (synthetic catalogue)', () => {
  let t: ReturnType<typeof testServices>;
  const search = (q: string, opts = {}) => t.s.search.search(q, opts);
  const first = async (q: string) => (await search(q))[0];

  beforeAll(async () => {
    t = testServices('reeltaste-search-');
    const files = writeSyntheticImdb(t.dir);
    await ingestImdb(t.s, [files.basics, files.ratings]);
  });
  afterAll(() => t.close());

  it('indexes the catalogue at import, ranked by votes', () => {
    expect(t.s.db.prepare('SELECT count(*) FROM search_titles').pluck().get()).toBe(2020);
    expect(t.s.db.prepare('SELECT tconst FROM search_titles WHERE id = 1').pluck().get()).toBe('tt0111161');
    expect(
      t.s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().get(),
    ).toBe(0);
  });

  it('forgives a typo: "matrx" finds The Matrix (1999) first', async () => {
    expect(await first('matrx')).toMatchObject({ tconst: 'tt0133093', title: 'The Matrix', year: 1999 });
  });

  it('folds accents both ways and finds the original title', async () => {
    for (const q of ['Amelie', 'Amélie', 'amélie', 'AMELIE', 'fabuleux destin', 'Le fabuleux destin'])
      expect((await first(q))?.tconst, q).toBe('tt0211915');
    expect(await first('Amelie')).toMatchObject({
      title: 'Amélie',
      originalTitle: "Le fabuleux destin d'Amélie Poulain",
    });
  });

  it('finds a title by its first word: "Shawshank"', async () => {
    expect(await first('Shawshank')).toMatchObject({ title: 'The Shawshank Redemption', year: 1994 });
  });

  it('reads "Matrix, The" and "the matrix" alike', async () => {
    const a = await search('Matrix, The');
    const b = await search('the matrix');
    expect(a.map((h) => h.tconst)).toEqual(b.map((h) => h.tconst));
    expect(a[0]!.tconst).toBe('tt0133093');
  });

  it('"Dune" returns both films with their years, and the series apart', async () => {
    const hits = await search('Dune');
    const dunes = hits.filter((h) => h.title === 'Dune');
    expect(dunes.map((h) => [h.year, h.type])).toEqual([
      [2021, 'movie'],
      [1984, 'movie'],
      [2000, 'tvMiniSeries'],
    ]);
    // Exact names first (by votes), then the prefix match.
    expect(hits.slice(0, 4).map((h) => h.title)).toEqual(['Dune', 'Dune', 'Dune', 'Dune: Part Two']);
    expect((await search('dune 1984'))[0]).toMatchObject({ tconst: 'tt0087182', year: 1984 });
    expect((await search('Dune', { type: 'series' })).map((h) => h.tconst)).toEqual(['tt0142032']);
    expect((await search('Dune', { year: 1984 })).map((h) => h.tconst)).toEqual(['tt0087182']);
  });

  it('handles punctuation: Se7en, WALL·E, M*A*S*H', async () => {
    expect(await first('Se7en')).toMatchObject({ tconst: 'tt0114369', year: 1995 });
    for (const q of ['wall-e', 'WALL·E', 'walle', 'Wall E'])
      expect((await first(q))?.tconst, q).toBe('tt0910970');
    const mash = await search('mash');
    expect(mash.slice(0, 2).map((h) => [h.tconst, h.type])).toEqual([
      ['tt0068098', 'tvSeries'],
      ['tt0066026', 'movie'],
    ]);
  });

  it('answers an empty or one-character query at once and sensibly', async () => {
    expect(await search('')).toEqual([]);
    expect(await search('   ')).toEqual([]);
    expect(await search('?!')).toEqual([]);
    const started = performance.now();
    const m = await search('m');
    expect(performance.now() - started).toBeLessThan(2000); // a sanity bound; speed is the benchmark's
    expect(m.length).toBe(10);
    // The most voted titles whose name (or name without its article) starts with the letter.
    expect(m[0]!.title).toBe('The Matrix');
    for (const h of m) expect(h.title.replace(/^The /, '').toLowerCase()).toMatch(/^m/);
  });

  it('shows a title page: facts, IMDb rating, and why there is no prediction yet', () => {
    const page = t.s.search.title('tt0211915');
    expect(page).toMatchObject({
      title: 'Amélie',
      originalTitle: "Le fabuleux destin d'Amélie Poulain",
      year: 2001,
      type: 'movie',
      runtimeMinutes: 122,
      genres: ['Comedy', 'Romance'],
      directors: [],
      cast: [],
      imdbRating: 8.3,
      imdbVotes: 800_000,
      yourRating: null,
      prediction: null,
      inModel: false,
    });
    expect(page.predictionNote).toMatch(/train the model/);
    expect(t.s.search.title('tt0068098')).toMatchObject({ type: 'tvSeries', year: 1972, endYear: 1983 });
    expect(() => t.s.search.title('tt9999999')).toThrow(/not in the catalogue/);
  });

  it('limits, validates options, and returns the documented fields', async () => {
    expect(await search('the', { limit: 3 })).toHaveLength(3);
    await expect(search('x', { limit: 0 })).rejects.toThrow(/--limit/);
    const hit = (await first('Spirited Away')) as SearchHit;
    expect(Object.keys(hit).sort()).toEqual(
      ['imdbRating', 'imdbVotes', 'inModel', 'originalTitle', 'tconst', 'title', 'type', 'year'].sort(),
    );
    expect(hit).toMatchObject({ imdbRating: 8.6, imdbVotes: 900_000, inModel: false, type: 'movie' });
  });

  it('prints `search --json` as the hit objects', () => {
    const r = runCli(['--data-dir', t.dir, '--json', 'search', 'matrx', '--limit', '2']);
    expect(r.status).toBe(0);
    const hits = r.json<SearchHit[]>();
    expect(hits).toHaveLength(2);
    expect(hits[0]).toEqual({
      tconst: 'tt0133093',
      title: 'The Matrix',
      originalTitle: null,
      year: 1999,
      type: 'movie',
      imdbRating: 8.7,
      imdbVotes: 2_100_000,
      inModel: false,
    });
    const human = runCli(['--data-dir', t.dir, 'search', 'Dune', '--type', 'movie', '--year', '2021']);
    expect(human.stdout).toMatch(/tt1160419 {2}Dune \[Dune: Part One\] \(2021\) movie/);
    const bad = runCli(['--data-dir', t.dir, '--json', 'search', 'Dune', '--type', 'game']);
    expect(bad.status).toBe(2);
    expect(bad.json()).toEqual({
      error: { code: 'INVALID_INPUT', message: '--type must be movie or series, not "game".' },
    });
  });

  it('lets the latest query of a search box win: queued older ones are dropped', async () => {
    const thread = new QueryThread(t.s.dbFile);
    try {
      const typed = ['d', 'du', 'dun', 'dune'].map((q) => thread.latest('box', q, {}));
      const other = thread.latest('another box', 'matrix', {});
      const results = await Promise.all(typed);
      // The first had started; the two in between were superseded; the last one answered.
      expect(results[0]).not.toBeNull();
      expect(results.slice(1, 3)).toEqual([null, null]);
      expect(results[3]![0]!.title).toBe('Dune');
      expect((await other)![0]!.title).toBe('The Matrix');
    } finally {
      thread.close();
    }
  });

  it('ends its query thread by closing the connection there, not by terminating it', async () => {
    // A thread stopped with a better-sqlite3 database open can crash the process as its isolate is
    // torn down (threads.ts); asked to close, it closes the database and exits with code 0.
    const worker = new Worker(new URL('../../main/search/thread.ts', import.meta.url), {
      workerData: { mode: 'query', dbFile: t.s.dbFile },
    });
    const exited = new Promise<number>((resolve) => worker.on('exit', resolve));
    const answered = new Promise((resolve) => worker.once('message', resolve));
    worker.postMessage({ type: 'search', id: 1, query: 'dune', opts: {} });
    expect(await answered).toMatchObject({ type: 'hits', id: 1 });
    worker.postMessage({ type: 'close' });
    const still = new Promise<string>((resolve) => setTimeout(() => resolve('still running'), 5_000).unref());
    const code = await Promise.race([exited, still]);
    if (code === 'still running') await worker.terminate();
    expect(code).toBe(0);
  });

  it('keeps the old index when an import fails', async () => {
    const bad = join(t.dir, 'title.basics.bad.tsv');
    writeFileSync(
      bad,
      'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n' +
        'tt9000001\tmovie\tOnly Title\tOnly Title\t0\t2020\t\\N\t90\tDrama\nbroken line\n',
    );
    await expect(ingestImdb(t.s, [bad])).rejects.toThrow(/line 3/);
    expect((await first('matrx'))?.tconst).toBe('tt0133093');
    expect(await search('Only Title')).toEqual([]);
    expect(
      t.s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().get(),
    ).toBe(0);
  });

  it('keeps the old index when an import is cancelled while it indexes', async () => {
    const files = writeSyntheticImdb(t.dir, 30_000);
    const controller = new AbortController();
    const run = ingestImdb(t.s, [files.basics], {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.message?.startsWith('Indexing')) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(t.s.db.prepare('SELECT count(*) FROM search_titles').pluck().get()).toBe(2020);
    expect((await first('matrx'))?.tconst).toBe('tt0133093');
    expect(
      t.s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().get(),
    ).toBe(0);
  });

  it('indexes a catalogue imported before search existed, once, on first use', async () => {
    const older = createServices({ dataDir: t.dir, spawner: nodeSpawner() });
    try {
      // What migration 0005 leaves in a data folder that already has its datasets: empty tables.
      older.db.exec("DELETE FROM search_titles; INSERT INTO search_fts (search_fts) VALUES ('delete-all')");
      const [a, b] = await Promise.all([older.search.search('matrx'), older.search.search('dune')]);
      expect(a[0]?.tconst).toBe('tt0133093');
      expect(b[0]?.title).toBe('Dune');
      expect(older.jobs.list().filter((j) => j.kind === 'search/index')).toHaveLength(1);
    } finally {
      older.shutdown();
    }
  });
});
