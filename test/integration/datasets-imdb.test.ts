// IMDb import on synthetic files and, when ../shared is there, the real ones: .tsv and .tsv.gz, each
// file on its own or together, only the title types the app uses, directors with names (real files
// only), and the join to MovieLens through links.csv.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import { runCli } from '../support/cli.ts';
import { dataLines, testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';

describe.each(movieLensFixtures())('IMDb import ($name)', (fixture) => {
  const { imdb } = fixture;
  let t: ReturnType<typeof testServices>;
  beforeAll(() => {
    t = testServices();
  });
  afterAll(() => t.close());
  const count = (sql: string) => t.s.db.prepare(sql).pluck().get() as number;

  it('imports title.ratings.tsv.gz alone (gzip, streamed): every row', async () => {
    const r = await ingestImdb(t.s, [imdb.ratings]);
    expect(r.imdbRatings).toBe(imdb.ratingsRows);
    expect(r.imdbRatings).toBe(dataLines(imdb.ratings).length);
    expect(count('SELECT count(*) FROM imdb_ratings')).toBe(imdb.ratingsRows);
    const first = dataLines(imdb.ratings)[0]!.split('\t');
    expect(t.s.db.prepare('SELECT * FROM imdb_ratings WHERE tconst = ?').get(first[0])).toEqual({
      tconst: first[0],
      average_rating: Number(first[1]),
      num_votes: Number(first[2]),
    });
  });

  it(`${imdb.matchedMovies} of the ${fixture.counts.movies} movies get an IMDb rating`, async () => {
    const r = await ingestMovieLens(t.s, fixture.movielens);
    expect(r.matchedMovies).toBe(imdb.matchedMovies);
    expect(count('SELECT count(*) FROM movies m JOIN imdb_ratings r ON r.tconst = m.tconst')).toBe(
      imdb.matchedMovies,
    );
  });

  it('imports a plain .tsv title.basics, keeping films, TV films, series and specials only', async () => {
    const rows = dataLines(imdb.basics).map((l) => l.split('\t'));
    const kept = rows.filter((f) => KEPT_TITLE_TYPES.has(f[1]!));
    const r = await ingestImdb(t.s, [imdb.basics]);
    expect(r.titles).toBe(kept.length);
    expect(r.titles).toBe(imdb.basicsTitles);
    expect(kept.length).toBeLessThan(rows.length); // shorts and episodes were dropped
    expect(count("SELECT count(*) FROM imdb_titles WHERE title_type IN ('short', 'tvEpisode')")).toBe(0);
    const someMovie = kept.find((f) => f[7] === '\\N' && f[3] !== f[2])!;
    expect(t.s.db.prepare('SELECT * FROM imdb_titles WHERE tconst = ?').get(someMovie[0])).toEqual({
      tconst: someMovie[0],
      title_type: someMovie[1],
      primary_title: someMovie[2],
      original_title: someMovie[3],
      start_year: someMovie[5] === '\\N' ? null : Number(someMovie[5]),
      end_year: null,
      runtime_minutes: null,
      genres: someMovie[8] === '\\N' ? null : someMovie[8],
    });
    // The ratings imported earlier are untouched by an import of another file.
    expect(count('SELECT count(*) FROM imdb_ratings')).toBe(imdb.ratingsRows);
  });

  if (fixture.real)
    it('imports a folder of principals and names: directors (8-digit ids too) with their names', async () => {
      const principals = dataLines(join(imdb.folder, 'title.principals.tsv')).map((l) => l.split('\t'));
      const directors = principals.filter((f) => f[3] === 'director');
      const directorIds = new Set(directors.map((f) => f[2]));
      const names = dataLines(join(imdb.folder, 'name.basics.tsv')).filter((l) =>
        directorIds.has(l.split('\t')[0]),
      );
      const r = await ingestImdb(t.s, [imdb.folder]);
      // The folder also holds a title.basics sample: all 2,000 are movies.
      expect(r).toMatchObject({ titles: 2000, directors: directors.length, names: names.length });
      expect(count('SELECT count(*) FROM imdb_directors WHERE length(nconst) = 10')).toBeGreaterThan(0);
      const joined = count('SELECT count(*) FROM imdb_directors d JOIN imdb_names n USING (nconst)');
      expect(joined).toBeGreaterThan(0);
      const kinds = t.s.db
        .prepare("SELECT kind FROM datasets WHERE kind LIKE 'imdb-%' ORDER BY kind")
        .pluck()
        .all();
      expect(kinds).toEqual(['imdb-basics', 'imdb-names', 'imdb-principals', 'imdb-ratings']);
    });

  it('ingest imdb FILE --json via the CLI (plain title.ratings.tsv) prints the counts', () => {
    const dir = tempDir();
    try {
      const r = runCli(['ingest', 'imdb', imdb.ratingsTsv, '--json', '--data-dir', dir.path]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.json()).toMatchObject({
        imdbRatings: dataLines(imdb.ratingsTsv).length,
        matchedMovies: 0,
      });
      const status = runCli(['status', '--json', '--data-dir', dir.path]).json<{ datasets: unknown[] }>();
      expect(status.datasets).toEqual([
        expect.objectContaining({ kind: 'imdb-ratings', counts: { imdbRatings: imdb.ratingsTsvRows } }),
      ]);
    } finally {
      dir.remove();
    }
  });
});
