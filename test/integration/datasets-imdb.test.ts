// IMDb import on synthetic files and, when ../shared is there, the real ones: .tsv and .tsv.gz, each
// file on its own or together, only the title types the app uses, directors and first-billed cast
// with names (real files here; synthetic ones below), and the join to MovieLens through links.csv.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { CAST_PER_TITLE, KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import { creditsOf } from '../../main/catalogue/credits.ts';
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
    it('imports a folder of principals and names: directors (8-digit ids too), the first-billed cast, their names', async () => {
      const principals = dataLines(join(imdb.folder, 'title.principals.tsv')).map((l) => l.split('\t'));
      const titles = new Set(dataLines(join(imdb.folder, 'title.basics.tsv')).map((l) => l.split('\t')[0]));
      const directors = principals.filter((f) => f[3] === 'director');
      // Worked out here from the file: per catalogue title, its first CAST_PER_TITLE cast rows.
      const billed = new Map<string, number>();
      const cast = principals.filter((f) => {
        if (!['actor', 'actress', 'self'].includes(f[3]!) || !titles.has(f[0]!)) return false;
        const n = billed.get(f[0]!) ?? 0;
        billed.set(f[0]!, n + 1);
        return n < CAST_PER_TITLE;
      });
      const people = new Set([...directors, ...cast].map((f) => f[2]));
      const names = dataLines(join(imdb.folder, 'name.basics.tsv')).filter((l) =>
        people.has(l.split('\t')[0]),
      );
      const r = await ingestImdb(t.s, [imdb.folder]);
      // The folder also holds a title.basics sample: all 2,000 are movies.
      expect(r).toMatchObject({
        titles: 2000,
        directors: directors.length,
        cast: cast.length,
        names: names.length,
      });
      expect(cast.length).toBeGreaterThan(1000);
      expect(
        count("SELECT count(*) FROM imdb_principals WHERE category = 'director' AND length(nconst) = 10"),
      ).toBeGreaterThan(0);
      expect(
        count(
          "SELECT max(n) FROM (SELECT count(*) AS n FROM imdb_principals WHERE category <> 'director' GROUP BY tconst)",
        ),
      ).toBe(CAST_PER_TITLE);
      const joined = count('SELECT count(*) FROM imdb_principals p JOIN imdb_names n USING (nconst)');
      expect(joined).toBeGreaterThan(0);
      // A title with a full cast: its credits name them in billing order.
      const full = [...billed].find(([, n]) => n >= CAST_PER_TITLE)![0];
      const nameOf = new Map(names.map((l) => l.split('\t')).map((f) => [f[0]!, f[1]!]));
      const expected = cast
        .filter((f) => f[0] === full)
        .map((f) => nameOf.get(f[2]!))
        .filter(Boolean);
      expect(creditsOf(t.s.db, full).cast).toEqual(expected);
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

// Written here, so it runs without ../shared: which principals are kept, and in which order.
describe('IMDb principals and names (synthetic)', () => {
  const basics = [
    'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres',
    'tt0000001\tmovie\tFirst Film\tFirst Film\t0\t1990\t\\N\t100\tDrama',
    'tt0000002\ttvSeries\tA Series\tA Series\t0\t2001\t2004\t45\tComedy',
    'tt0000003\ttvEpisode\tAn Episode\tAn Episode\t0\t2002\t\\N\t45\tComedy',
  ];
  // Six cast members on the film (only the first four are kept), a writer (never kept), a director;
  // cast on an episode (not in the catalogue: dropped) and on the series (kept).
  const principals = [
    'tconst\tordering\tnconst\tcategory\tjob\tcharacters',
    'tt0000001\t1\tnm0000011\tactor\t\\N\t["A"]',
    'tt0000001\t2\tnm0000012\tactress\t\\N\t["B"]',
    'tt0000001\t3\tnm0000013\tdirector\t\\N\t\\N',
    'tt0000001\t4\tnm0000014\twriter\tscreenplay\t\\N',
    'tt0000001\t5\tnm0000015\tactor\t\\N\t["C"]',
    'tt0000001\t6\tnm0000016\tself\t\\N\t\\N',
    'tt0000001\t7\tnm0000017\tactor\t\\N\t["E"]',
    'tt0000001\t8\tnm0000018\tactor\t\\N\t["F"]',
    'tt0000002\t1\tnm0000021\tactress\t\\N\t["G"]',
    'tt0000003\t1\tnm0000031\tactor\t\\N\t["H"]',
  ];
  const names = [
    'nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles',
    ...[11, 12, 13, 14, 15, 16, 17, 18, 21, 31].map(
      (n) => `nm00000${n}\tPerson ${n}\t1950\t\\N\tactor\ttt0000001`,
    ),
  ];
  let t: ReturnType<typeof testServices>;
  let folder: ReturnType<typeof tempDir>;
  beforeAll(() => {
    t = testServices();
    folder = tempDir();
    writeFileSync(join(folder.path, 'title.basics.tsv'), basics.join('\n') + '\n');
    writeFileSync(join(folder.path, 'title.principals.tsv'), principals.join('\n') + '\n');
    writeFileSync(join(folder.path, 'name.basics.tsv'), names.join('\n') + '\n');
  });
  afterAll(() => {
    t.close();
    folder.remove();
  });

  it('keeps directors and the first four cast of catalogue titles, and only those people’s names', async () => {
    const r = await ingestImdb(t.s, [folder.path]);
    expect(r).toMatchObject({ titles: 2, directors: 1, cast: 5, names: 6 });
    expect(creditsOf(t.s.db, 'tt0000001')).toEqual({
      directors: ['Person 13'],
      cast: ['Person 11', 'Person 12', 'Person 15', 'Person 16'],
    });
    expect(creditsOf(t.s.db, 'tt0000002')).toEqual({ directors: [], cast: ['Person 21'] });
    expect(creditsOf(t.s.db, 'tt0000003')).toEqual({ directors: [], cast: [] });
    const status = t.s.db
      .prepare("SELECT counts FROM datasets WHERE kind = 'imdb-principals'")
      .pluck()
      .get() as string;
    expect(JSON.parse(status)).toEqual({ directors: 1, cast: 5 });
  });

  it('name.basics alone later adds the names of the people already kept', async () => {
    t.s.db.exec('DELETE FROM imdb_names');
    const r = await ingestImdb(t.s, [join(folder.path, 'name.basics.tsv')]);
    expect(r.names).toBe(6);
  });
});
