// The data that behaviour tests run on, so that they also run without ../shared: a synthetic
// MovieLens folder (30,000 ratings), an IMDb ratings export of films in it and synthetic IMDb files
// that rate half of them, written on first use and removed after the test file; and, when
// ../shared/data is there, the real ml-latest-small with a real export and real IMDb files. Call
// movieLensFixtures() at the top level of a test file (its clean-up hook belongs to the file):
// describe.each(movieLensFixtures())('... ($name)', (f) => ...).
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll } from 'vitest';
import { KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import type { WrittenMovie } from '../bench/write-ml25m.ts';
import { dataLines } from './datasets.ts';
import { writeExport, type CatalogueMovie, type Rated } from './heldout.ts';
import { IMDB_RATINGS_2017, ML_LATEST_SMALL, ML_LATEST_SMALL_EXTRA, SAMPLE_EXPORTS } from './known-counts.ts';
import { dataPath, hasSharedData } from './shared-data.ts';
import { writeSyntheticMovieLens } from './synthetic-movielens.ts';
import { writeSyntheticImdb } from './titles.ts';
import { tempDir } from './tmp.ts';

/** The synthetic folder's size: imports in well under a second, trains an epoch in tens of ms. */
export const SYNTHETIC_RATINGS = 30_000;
/** Films in the synthetic export that the catalogue does not have (rows that stay unmatched). */
const UNLISTED = 5;

export interface ImdbFixture {
  /** title.ratings.tsv.gz, rating many of the MovieLens films, and its rows. */
  ratings: string;
  ratingsRows: number;
  /** MovieLens movies that get an IMDb rating from it. */
  matchedMovies: number;
  /** A plain title.ratings.tsv, and its rows. */
  ratingsTsv: string;
  ratingsTsvRows: number;
  /** A plain title.basics.tsv (with shorts and episodes, which the app drops), and the titles kept. */
  basics: string;
  basicsTitles: number;
  /** A folder of IMDb files holding a title.basics.tsv, and the titles kept from it. */
  folder: string;
  folderTitles: number;
}

export interface MovieLensFixture {
  /** For test names: 'synthetic' or 'ml-latest-small'. */
  name: string;
  real: boolean;
  /** A MovieLens folder: movies.csv, links.csv, ratings.csv (and tags.csv in the real one). */
  movielens: string;
  /** What importing it stores (tags aside). */
  counts: { movies: number; ratings: number; users: number; links: number };
  /** Rows of tags.csv, when the folder has one. */
  tags?: number;
  /** Movies with at least one rating: the items a trained model has. */
  ratedMovies: number;
  /**
   * The RMSE a trained model must reach in `check-calibration --holdout 0.1` (synthetic: a global-mean
   * guess scores 1.07 and the bias-only model 0.91; seen 0.90).
   */
  calibrationRmse: number;
  /** The synthetic movies as the generator wrote them (the real folder has no such list). */
  written?: WrittenMovie[];
  /** An IMDb ratings export; most of its films are in the catalogue. */
  export: { file: string; rows: number; byType: Record<string, number> };
  imdb: ImdbFixture;
}

const realFixture = (): MovieLensFixture => ({
  name: 'ml-latest-small',
  real: true,
  movielens: dataPath('ml-latest-small'),
  counts: ML_LATEST_SMALL,
  tags: ML_LATEST_SMALL_EXTRA.tags,
  ratedMovies: ML_LATEST_SMALL_EXTRA.ratedMovies,
  calibrationRmse: 0.86,
  export: { file: dataPath('imdb-exports/export-ethanfuerst.csv'), ...SAMPLE_EXPORTS['ethanfuerst']! },
  imdb: {
    ratings: dataPath('imdb/title.ratings.tsv.gz'),
    ratingsRows: IMDB_RATINGS_2017,
    matchedMovies: ML_LATEST_SMALL_EXTRA.imdbRated,
    ratingsTsv: dataPath('imdb/head50k-2025/title.ratings.tsv'),
    ratingsTsvRows: 50_001,
    basics: dataPath('imdb/head50k-2025/title.basics.tsv'),
    basicsTitles: 37_540,
    folder: dataPath('imdb/sample2000-2022'),
    folderTitles: 2000,
  },
});

/** The synthetic fixture's files, written on first use (tests name fixtures before they run). */
function syntheticFixture(): MovieLensFixture {
  const tmp = tempDir('reeltaste-fixture-');
  afterAll(() => tmp.remove());
  let ml: SyntheticMovieLens | undefined;
  let imdb: ImdbFixture | undefined;
  const movielens = () => (ml ??= writeMovieLensAndExport(tmp.path));
  return {
    name: 'synthetic',
    real: false,
    calibrationRmse: 0.95,
    get movielens() {
      return movielens().movielens;
    },
    get counts() {
      return movielens().counts;
    },
    get ratedMovies() {
      return movielens().ratedMovies;
    },
    get export() {
      return movielens().export;
    },
    get written() {
      return movielens().written;
    },
    get imdb() {
      return (imdb ??= writeImdb(tmp.path, movielens().written!));
    },
  };
}

type SyntheticMovieLens = Pick<
  MovieLensFixture,
  'movielens' | 'counts' | 'ratedMovies' | 'export' | 'written'
>;

function writeMovieLensAndExport(root: string): SyntheticMovieLens {
  const w = writeSyntheticMovieLens(join(root, 'movielens-synthetic'), SYNTHETIC_RATINGS);
  // The export: every film the most active user rated (one row per IMDb id), plus films the
  // catalogue does not list; read back from ratings.csv rather than from the generator.
  const byUser = new Map<string, Rated[]>();
  const rated = new Set<string>();
  for (const line of dataLines(join(w.dir, 'ratings.csv'))) {
    const [user, movieId, stars] = line.split(',');
    rated.add(movieId!);
    if (!byUser.has(user!)) byUser.set(user!, []);
    byUser.get(user!)!.push({ movieId: Number(movieId), stars: Number(stars) });
  }
  const catalogue = new Map<number, CatalogueMovie>(
    w.titles.map((m) => [
      m.movieId,
      { movie_id: m.movieId, tconst: `tt${m.imdbId}`, title: m.title, year: m.year },
    ]),
  );
  for (let k = 1; k <= UNLISTED; k++)
    catalogue.set(-k, { movie_id: -k, tconst: `tt${90_000_000 + k}`, title: `Unlisted ${k}`, year: 2020 });
  const busiest = [...byUser.values()].sort((a, b) => b.length - a.length)[0]!;
  const unlisted = Array.from({ length: UNLISTED }, (_, k) => ({ movieId: -k - 1, stars: 3 }));
  const films = new Map<string, Rated>(); // one row per IMDb id: the generator may give two movies one
  for (const x of [...busiest, ...unlisted]) {
    const tconst = catalogue.get(x.movieId)!.tconst!;
    if (!films.has(tconst)) films.set(tconst, x);
  }
  const file = join(root, 'imdb-export-synthetic.csv');
  const rows = writeExport(file, [...films.values()], catalogue).length;
  return {
    movielens: w.dir,
    counts: { movies: w.movies, ratings: w.ratings, users: w.users, links: w.movies },
    ratedMovies: rated.size,
    export: { file, rows, byType: { movie: rows } },
    written: w.titles,
  };
}

/**
 * The synthetic IMDb files: the search tests' catalogue (test/support/titles.ts) plus a short, an
 * episode and a film known by another original title in title.basics, and ratings for every other
 * MovieLens film in title.ratings (so that the join to MovieLens has something to find).
 */
function writeImdb(root: string, movies: WrittenMovie[]): ImdbFixture {
  const folder = join(root, 'imdb');
  mkdirSync(folder, { recursive: true });
  const files = writeSyntheticImdb(folder);
  appendFileSync(
    files.basics,
    [
      'tt39000001\tshort\tA Short Film\tA Short Film\t0\t1999\t\\N\t12\tComedy',
      'tt39000002\ttvEpisode\tPilot\tPilot\t0\t2005\t\\N\t44\tDrama',
      'tt39000003\tmovie\tThe 400 Blows\tLes quatre cents coups\t0\t1959\t\\N\t\\N\tCrime,Drama',
    ].join('\n') + '\n',
  );
  const rated = new Set(files.titles.filter((t) => t.votes !== undefined).map((t) => t.tconst));
  const lines = [];
  for (const [k, m] of movies.entries()) {
    const tconst = `tt${m.imdbId}`;
    if (k % 2 === 1 || rated.has(tconst)) continue;
    rated.add(tconst);
    lines.push(`${tconst}\t${(1 + (k % 90) / 10).toFixed(1)}\t${10 + k}`);
  }
  appendFileSync(files.ratings, `${lines.join('\n')}\n`);
  const ratings = join(root, 'title.ratings.tsv.gz');
  writeFileSync(ratings, gzipSync(readFileSync(files.ratings)));
  const kept = files.titles.filter((t) => KEPT_TITLE_TYPES.has(t.type)).length + 1;
  return {
    ratings,
    ratingsRows: rated.size,
    matchedMovies: movies.filter((m) => rated.has(`tt${m.imdbId}`)).length,
    ratingsTsv: files.ratings,
    ratingsTsvRows: rated.size,
    basics: files.basics,
    basicsTitles: kept,
    folder,
    folderTitles: kept,
  };
}

let fixtures: MovieLensFixture[] | undefined;

/** The synthetic fixture always, the real one when ../shared/data is there (one list per test file). */
export function movieLensFixtures(): MovieLensFixture[] {
  return (fixtures ??= [syntheticFixture(), ...(hasSharedData ? [realFixture()] : [])]);
}
