// MovieLens import on a synthetic folder and, when ../shared is there, the real ml-latest-small files:
// folder and zip give the same counts, the movies table is right field by field, and the packed
// ratings read back as the same matrix.
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { emptyPhases, INGEST_PHASES } from '../../main/datasets/parse/phases.ts';
import { openDatabase } from '../../main/db/database.ts';
import type { JobProgress } from '../../main/jobs/types.ts';
import { runCli } from '../support/cli.ts';
import { dataLines, testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';
import { writeZip } from '../support/zip-writer.ts';

describe.each(movieLensFixtures())('MovieLens import ($name)', (f) => {
  const ML = f.movielens;
  const EXPECTED = { ...f.counts, ...(f.tags === undefined ? {} : { tags: f.tags }) };
  const n = (x: number) => x.toLocaleString('en-US');
  /** The folder's line ends: CRLF in ml-latest-small, LF in the synthetic folder. */
  const eol = () => (readFileSync(join(ML, 'movies.csv'), 'utf8').includes('\r\n') ? '\r\n' : '\n');
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it('ingest movielens FOLDER --json stores every row, and status --json shows the counts', () => {
    const dataDir = join(tmp.path, 'cli');
    const r = runCli(['ingest', 'movielens', ML, '--json', '--data-dir', dataDir]);
    expect(r.status, r.stderr).toBe(0);
    const out = r.json<Record<string, number>>();
    expect(out).toMatchObject(EXPECTED);
    expect(out.seconds).toBeGreaterThan(0);
    const status = runCli(['status', '--json', '--data-dir', dataDir]).json<{
      datasets: { kind: string; version: string; counts: object }[];
      nextStep: string;
    }>();
    expect(status.datasets).toEqual([
      expect.objectContaining({ kind: 'movielens', version: basename(ML), counts: EXPECTED }),
    ]);
    expect(status.nextStep).toBe('train-model');
    const human = runCli(['ingest', 'movielens', ML, '--data-dir', dataDir]);
    const { movies, ratings, users, links } = f.counts;
    const tags = f.tags === undefined ? '' : `, ${n(f.tags)} tags`;
    expect(human.stdout).toContain(
      `Imported ${n(movies)} movies, ${n(ratings)} ratings, ${n(users)} users, ${n(links)} links${tags} in `,
    );
    expect(human.stdout).toMatch(/ in \d+\.\d s\.$/m);
  });

  it('the same folder zipped (streamed from the zip) gives the same counts', () => {
    const zip = writeZip(
      join(tmp.path, 'ml-latest-small.zip'),
      ['links.csv', 'movies.csv', 'ratings.csv', 'tags.csv', 'README.txt']
        .filter((name) => existsSync(join(ML, name)))
        .map((name) => ({ name: `ml-latest-small/${name}`, data: join(ML, name) })),
    );
    const r = runCli(['ingest', 'movielens', zip, '--json', '--data-dir', join(tmp.path, 'zip')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json()).toMatchObject(EXPECTED);
  });

  describe('through the services', () => {
    let t: ReturnType<typeof testServices>;
    const progress: JobProgress[] = [];
    beforeAll(async () => {
      t = testServices();
      await ingestMovieLens(t.s, ML, { onProgress: (p) => progress.push(p) });
    });
    afterAll(() => t.close());

    it('reports byte progress that rises to the end', () => {
      const fractions = progress.map((p) => p.fraction).filter((f): f is number => f !== undefined);
      expect(fractions.length).toBeGreaterThan(3);
      expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
      const bytes = statSync(join(ML, 'ratings.csv')).size + statSync(join(ML, 'movies.csv')).size;
      expect(progress.some((p) => p.unit === 'bytes' && p.total! > bytes)).toBe(true);
    });

    if (!f.real)
      it('stores every movie as written: title, year, genres, links, votes and mean', () => {
        // The oracle is the generator's own list, which holds the cases the parser must get right:
        // "Word Word, The" (quoted for its comma), doubled quotes, no "(Year)", no tmdbId.
        const written = f.written!;
        expect(written.filter((m) => m.title.startsWith('The ')).length).toBeGreaterThan(100);
        expect(written.filter((m) => m.title.includes('"')).length).toBeGreaterThan(5);
        expect(written.filter((m) => m.title.includes(', ')).length).toBeGreaterThan(50);
        expect(written.filter((m) => m.year === null).length).toBeGreaterThan(3);
        expect(written.filter((m) => m.tmdbId === null).length).toBeGreaterThan(0);
        const votes = new Map<number, number[]>();
        for (const [, movie, stars] of dataLines(join(ML, 'ratings.csv')).map((l) => l.split(','))) {
          if (!votes.has(Number(movie))) votes.set(Number(movie), []);
          votes.get(Number(movie))!.push(Number(stars));
        }
        const rows = t.s.db.prepare('SELECT * FROM movies ORDER BY movie_id').all();
        expect(rows).toEqual(
          written.map((m) => {
            const v = votes.get(m.movieId) ?? [];
            return {
              movie_id: m.movieId,
              title: m.title,
              year: m.year,
              genres: m.genres,
              imdb_id: m.imdbId,
              tconst: `tt${m.imdbId}`,
              tmdb_id: m.tmdbId,
              ml_votes: v.length,
              ml_mean: v.length ? expect.closeTo(v.reduce((a, b) => a + b, 0) / v.length, 9) : null,
            };
          }),
        );
      });

    if (f.real)
      it('stores movies with title, year, genres, links and MovieLens vote count and mean', () => {
        const ratings = dataLines(join(ML, 'ratings.csv')).map((l) => l.split(','));
        const toy = ratings.filter((f) => f[1] === '1').map((f) => Number(f[2]));
        const row = t.s.db.prepare('SELECT * FROM movies WHERE movie_id = 1').get();
        expect(row).toEqual({
          movie_id: 1,
          title: 'Toy Story',
          year: 1995,
          genres: 'Adventure|Animation|Children|Comedy|Fantasy',
          imdb_id: '0114709',
          tconst: 'tt0114709',
          tmdb_id: 862,
          ml_votes: toy.length,
          ml_mean: expect.closeTo(toy.reduce((a, b) => a + b, 0) / toy.length, 9),
        });
        // Quoted titles: a comma inside quotes, and a doubled quote.
        expect(t.s.db.prepare('SELECT title, year FROM movies WHERE movie_id = 11').get()).toEqual({
          title: 'The American President',
          year: 1995,
        });
        const quote = t.s.db.prepare(`SELECT title, year FROM movies WHERE title LIKE '11''09"01%'`).get();
        expect(quote).toEqual({ title: `11'09"01 - September 11`, year: 2002 });
        // No "(Year)": the title is kept whole and year is NULL.
        expect(t.s.db.prepare("SELECT year FROM movies WHERE title = 'Babylon 5'").pluck().get()).toBeNull();
        // Zero-padded imdb ids keep their zeros; 8 links have no tmdbId.
        expect(
          t.s.db
            .prepare("SELECT count(*) FROM movies WHERE length(imdb_id) = 7 AND tconst = 'tt' || imdb_id")
            .pluck()
            .get(),
        ).toBe(9742);
        expect(t.s.db.prepare('SELECT count(*) FROM movies WHERE tmdb_id IS NULL').pluck().get()).toBe(8);
        expect(t.s.db.prepare('SELECT count(*) FROM movies WHERE ml_votes > 0').pluck().get()).toBe(9724);
        expect(t.s.db.prepare('SELECT sum(ml_votes) FROM movies').pluck().get()).toBe(100836);
        // Non-ASCII titles survive as UTF-8.
        expect(
          t.s.db.prepare("SELECT count(*) FROM movies WHERE title LIKE '%Cité%'").pluck().get(),
        ).toBeGreaterThan(0);
      });

    it('loadRatings rebuilds the exact ratings as a CSR matrix, from a read-only connection', () => {
      const ro = openDatabase(t.s.dbFile, { readonly: true });
      const m = loadRatings(ro);
      ro.close();
      const lines = dataLines(join(ML, 'ratings.csv')).map((l) => l.split(',').map(Number));
      expect(m.userIds.length).toBe(f.counts.users);
      expect(m.itemIds.length).toBe(f.ratedMovies);
      expect(m.userOffsets[f.counts.users]).toBe(f.counts.ratings);
      expect([...m.itemIds]).toEqual([...m.itemIds].sort((a, b) => a - b));
      // Every rating of the file, in file order (sorted by user then movie), round-trips.
      for (let k = 0; k < lines.length; k += 997) {
        const [u, movie, stars, ts] = lines[k] as [number, number, number, number];
        const dense = m.userIds.indexOf(u);
        let p = m.userOffsets[dense]!;
        while (m.itemIds[m.itemIndex[p]!] !== movie) p++;
        expect(p).toBeLessThan(m.userOffsets[dense + 1]!);
        expect(m.ratings[p]).toBe(stars);
        expect(m.timestamps[p]).toBe(ts);
      }
      const sum = lines.reduce((a, f) => a + f[2]!, 0);
      expect(m.ratings.reduce((a, b) => a + b, 0)).toBeCloseTo(sum, 3);
    });

    it('re-importing replaces the data instead of adding to it', async () => {
      const before = t.s.db.prepare('SELECT imported_at FROM datasets').pluck().get() as string;
      const r = await ingestMovieLens(t.s, ML);
      expect(r).toMatchObject(EXPECTED);
      expect(t.s.db.prepare('SELECT count(*) FROM movies').pluck().get()).toBe(f.counts.movies);
      expect(t.s.db.prepare('SELECT sum(n) FROM ml_user_ratings').pluck().get()).toBe(f.counts.ratings);
      expect(t.s.db.prepare('SELECT imported_at FROM datasets').pluck().get()).not.toBe(before);
      expect(
        t.s.db.prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().get(),
      ).toBe(0);
    });

    it('a ratings.csv not sorted by user is sorted in memory and gives the same matrix', async () => {
      const dir = join(tmp.path, 'shuffled');
      mkdirSync(dir);
      for (const n of ['links.csv', 'movies.csv']) writeFileSync(join(dir, n), readFileSync(join(ML, n)));
      const [header, ...lines] = readFileSync(join(ML, 'ratings.csv'), 'utf8').split(eol()).filter(Boolean);
      writeFileSync(join(dir, 'ratings.csv'), `${[header, ...lines.reverse()].join(eol())}${eol()}`);
      const other = testServices();
      try {
        expect(await ingestMovieLens(other.s, dir)).toMatchObject(f.counts);
        const a = loadRatings(t.s.db);
        const b = loadRatings(other.s.db);
        expect(b.userIds).toEqual(a.userIds);
        expect(b.userOffsets).toEqual(a.userOffsets);
        expect(b.itemIndex).toEqual(a.itemIndex);
        expect(b.ratings).toEqual(a.ratings);
        expect(b.timestamps).toEqual(a.timestamps);
        expect(other.s.db.prepare('SELECT ml_votes, ml_mean FROM movies WHERE movie_id = 1').get()).toEqual(
          t.s.db.prepare('SELECT ml_votes, ml_mean FROM movies WHERE movie_id = 1').get(),
        );
      } finally {
        other.close();
      }
    });

    it.each([
      ['off', () => 'off'],
      ['a worker that cannot start', () => join(tmp.path, 'missing-worker.mjs')],
    ])('without the parse worker (%s) the import parses on this thread, same result', async (_name, path) => {
      const other = testServices();
      process.env.REELTASTE_PARSE_WORKER = path();
      try {
        expect(await ingestMovieLens(other.s, ML)).toMatchObject(EXPECTED);
        const a = loadRatings(t.s.db);
        const b = loadRatings(other.s.db);
        expect(b.itemIndex).toEqual(a.itemIndex);
        expect(b.ratings).toEqual(a.ratings);
      } finally {
        delete process.env.REELTASTE_PARSE_WORKER;
        other.close();
      }
    });

    it('an import asked for its phases times every one (the ingest benchmark prints them)', async () => {
      const other = testServices();
      try {
        const phases = emptyPhases();
        const t0 = performance.now();
        expect(await ingestMovieLens(other.s, ML, { phases })).toMatchObject(EXPECTED);
        const wall = (performance.now() - t0) / 1000;
        for (const p of INGEST_PHASES) expect(phases[p], p).toBeGreaterThan(0);
        // index and swap run alone, after the pipelined phases: together under the wall time.
        expect(phases.index + phases.swap).toBeLessThan(wall);
        expect(loadRatings(other.s.db).ratings).toEqual(loadRatings(t.s.db).ratings);
      } finally {
        other.close();
      }
    });

    it('a BOM and LF line endings are accepted too', async () => {
      const dir = join(tmp.path, 'bom');
      mkdirSync(dir);
      for (const n of ['links.csv', 'movies.csv', 'ratings.csv']) {
        const text = readFileSync(join(ML, n), 'utf8').replace(/\r\n/g, '\n');
        writeFileSync(join(dir, n), `\uFEFF${text}`);
      }
      const other = testServices();
      const firstTitle = 'SELECT title FROM movies ORDER BY movie_id LIMIT 1';
      try {
        expect(await ingestMovieLens(other.s, dir)).toMatchObject(f.counts);
        expect(other.s.db.prepare(firstTitle).pluck().get()).toBe(
          f.real ? 'Toy Story' : f.written![0]!.title,
        );
      } finally {
        other.close();
      }
    });
  });
});
