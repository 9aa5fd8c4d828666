// IMDb import on the real files: .tsv and .tsv.gz, each file on its own or together, only the
// title types the app uses, directors with names, and the join to MovieLens through links.csv.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import { runCli } from '../support/cli.ts';
import { dataLines, testServices } from '../support/datasets.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

const RATINGS_GZ = dataPath('imdb/title.ratings.tsv.gz');
const BASICS = dataPath('imdb/head50k-2025/title.basics.tsv');
const RATINGS_TSV = dataPath('imdb/head50k-2025/title.ratings.tsv');
const SAMPLE = dataPath('imdb/sample2000-2022');

describe.skipIf(!hasSharedData)(
  `IMDb import (${hasSharedData ? 'real IMDb files' : sharedDataSkipReason})`,
  () => {
    let t: ReturnType<typeof testServices>;
    beforeAll(() => {
      t = testServices();
    });
    afterAll(() => t.close());
    const count = (sql: string) => t.s.db.prepare(sql).pluck().get() as number;

    it('imports title.ratings.tsv.gz alone (gzip, streamed): every row', async () => {
      const r = await ingestImdb(t.s, [RATINGS_GZ]);
      expect(r.imdbRatings).toBe(755_460);
      expect(r.imdbRatings).toBe(dataLines(RATINGS_GZ).length);
      expect(count('SELECT count(*) FROM imdb_ratings')).toBe(755_460);
      const first = dataLines(RATINGS_GZ)[0]!.split('\t');
      expect(t.s.db.prepare('SELECT * FROM imdb_ratings WHERE tconst = ?').get(first[0])).toEqual({
        tconst: first[0],
        average_rating: Number(first[1]),
        num_votes: Number(first[2]),
      });
    });

    it('9,634 of the 9,742 ml-latest-small movies get an IMDb rating (2017 title.ratings)', async () => {
      const r = await ingestMovieLens(t.s, dataPath('ml-latest-small'));
      expect(r.matchedMovies).toBe(9634);
      expect(count('SELECT count(*) FROM movies m JOIN imdb_ratings r ON r.tconst = m.tconst')).toBe(9634);
    });

    it('imports a plain .tsv title.basics, keeping films, TV films, series and specials only', async () => {
      const rows = dataLines(BASICS).map((l) => l.split('\t'));
      const kept = rows.filter((f) => KEPT_TITLE_TYPES.has(f[1]!));
      const r = await ingestImdb(t.s, [BASICS]);
      expect(r.titles).toBe(kept.length);
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
      expect(count('SELECT count(*) FROM imdb_ratings')).toBe(755_460);
    });

    it('imports a folder of principals and names: directors (8-digit ids too) with their names', async () => {
      const principals = dataLines(join(SAMPLE, 'title.principals.tsv')).map((l) => l.split('\t'));
      const directors = principals.filter((f) => f[3] === 'director');
      const directorIds = new Set(directors.map((f) => f[2]));
      const names = dataLines(join(SAMPLE, 'name.basics.tsv')).filter((l) =>
        directorIds.has(l.split('\t')[0]),
      );
      const r = await ingestImdb(t.s, [SAMPLE]);
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
        const r = runCli(['ingest', 'imdb', RATINGS_TSV, '--json', '--data-dir', dir.path]);
        expect(r.status, r.stderr).toBe(0);
        expect(r.json()).toMatchObject({ imdbRatings: dataLines(RATINGS_TSV).length, matchedMovies: 0 });
        const status = runCli(['status', '--json', '--data-dir', dir.path]).json<{ datasets: unknown[] }>();
        expect(status.datasets).toEqual([
          expect.objectContaining({ kind: 'imdb-ratings', counts: { imdbRatings: 50_001 } }),
        ]);
      } finally {
        dir.remove();
      }
    });
  },
);
