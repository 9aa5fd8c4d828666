// What IMDb has for titles, read from the imported tables (imdb_titles, imdb_ratings, imdb_crew,
// imdb_principals) into TitleMetadata; MovieLens films IMDb's basics lack fall back to MovieLens'
// own year and genres (mapped to IMDb's names) as films.
import type { Database } from 'better-sqlite3';
import { parseGenres } from '../../catalogue/genres.ts';
import type { TitleMetadata } from './types.ts';

/** MovieLens genre -> IMDb's name for it (null: IMDb has no such genre). */
const MOVIELENS_GENRES: Record<string, string | null> = {
  Children: 'Family',
  IMAX: null,
  '(no genres listed)': null,
};

export function imdbGenresOfMovieLens(genres: string): string[] {
  return parseGenres(genres)
    .map((g) => (g in MOVIELENS_GENRES ? MOVIELENS_GENRES[g]! : g))
    .filter((g): g is string => !!g);
}

/** A title's row with its people: the one shape both readers below return. */
function metadataOf(r: Row, people: Pick<TitleMetadata, 'directors' | 'writers' | 'cast'>): TitleMetadata {
  return {
    titleType: r.title_type,
    year: r.start_year,
    runtimeMinutes: r.runtime_minutes,
    genres: parseGenres(r.genres),
    imdbRating: r.average_rating,
    imdbVotes: r.num_votes,
    ...people,
  };
}

interface Row {
  tconst: string;
  title_type: string | null;
  start_year: number | null;
  runtime_minutes: number | null;
  genres: string | null;
  average_rating: number | null;
  num_votes: number | null;
}

function people(db: Database, sql: string, into: Map<string, string[]>, params: readonly unknown[]): void {
  for (const r of db.prepare<unknown[], { tconst: string; nconst: string }>(sql).iterate(...params)) {
    const list = into.get(r.tconst);
    if (list) list.push(r.nconst);
    else into.set(r.tconst, [r.nconst]);
  }
}

/**
 * IMDb titles (title.basics) with their people, keyed by tconst: all of them, or only those in
 * `only` (an SQL subquery of tconsts, with its parameters).
 */
function readTitleMetadata(
  db: Database,
  only?: { sql: string; params: readonly unknown[] },
): Map<string, TitleMetadata> {
  const where = (alias: string, and: boolean) =>
    only ? `${and ? 'AND' : 'WHERE'} ${alias}.tconst IN (${only.sql})` : '';
  const params = only?.params ?? [];
  const directors = new Map<string, string[]>();
  const writers = new Map<string, string[]>();
  const cast = new Map<string, string[]>();
  const crew = (role: string, into: Map<string, string[]>) =>
    people(
      db,
      `SELECT c.tconst, c.nconst FROM imdb_crew c WHERE c.role = '${role}' ${where('c', true)} ORDER BY c.tconst, c.ordering`,
      into,
      params,
    );
  const principals = (categories: string, into: Map<string, string[]>) =>
    people(
      db,
      `SELECT p.tconst, p.nconst FROM imdb_principals p WHERE p.category IN (${categories}) ${where('p', true)} ORDER BY p.tconst, p.ordering`,
      into,
      params,
    );
  crew('director', directors);
  crew('writer', writers);
  principals("'actor', 'actress', 'self'", cast);
  // title.principals' directors count where title.crew was not imported.
  const principalDirectors = new Map<string, string[]>();
  principals("'director'", principalDirectors);
  const out = new Map<string, TitleMetadata>();
  const rows = db
    .prepare<unknown[], Row>(
      `SELECT t.tconst, t.title_type, t.start_year, t.runtime_minutes, t.genres, r.average_rating, r.num_votes
       FROM imdb_titles t LEFT JOIN imdb_ratings r ON r.tconst = t.tconst ${where('t', false)}`,
    )
    .iterate(...params);
  for (const r of rows) {
    out.set(
      r.tconst,
      metadataOf(r, {
        directors: directors.get(r.tconst) ?? principalDirectors.get(r.tconst) ?? [],
        writers: writers.get(r.tconst) ?? [],
        cast: cast.get(r.tconst) ?? [],
      }),
    );
  }
  return out;
}

/** Every imported IMDb title (title.basics), keyed by tconst. */
export function loadTitleMetadata(db: Database): Map<string, TitleMetadata> {
  return readTitleMetadata(db);
}

/** The MovieLens films' metadata keyed by movieId (IMDb's where it has them, else MovieLens'). */
export function loadMovieMetadata(db: Database, titles = loadTitleMetadata(db)): Map<number, TitleMetadata> {
  const out = new Map<number, TitleMetadata>();
  const rows = db
    .prepare<
      [],
      {
        movie_id: number;
        tconst: string | null;
        year: number | null;
        genres: string;
        average_rating: number | null;
        num_votes: number | null;
      }
    >(
      `SELECT m.movie_id, m.tconst, m.year, m.genres, r.average_rating, r.num_votes
       FROM movies m LEFT JOIN imdb_ratings r ON r.tconst = m.tconst`,
    )
    .iterate();
  for (const m of rows) {
    const t = m.tconst ? titles.get(m.tconst) : undefined;
    out.set(
      m.movie_id,
      t ?? {
        titleType: 'movie',
        year: m.year,
        runtimeMinutes: null,
        genres: imdbGenresOfMovieLens(m.genres),
        imdbRating: m.average_rating,
        imdbVotes: m.num_votes,
        directors: [],
        writers: [],
        cast: [],
      },
    );
  }
  return out;
}

/** The title types the catalogue takes from IMDb beside MovieLens' films. */
export const CATALOGUE_TYPES = ['movie', 'tvMovie', 'tvSeries', 'tvMiniSeries'] as const;

/** The titles the catalogue takes from IMDb beside MovieLens' films at a vote floor (SQL, 1 parameter). */
export const CATALOGUE_TITLES_SQL = `SELECT t.tconst FROM imdb_ratings r JOIN imdb_titles t ON t.tconst = r.tconst
  WHERE r.num_votes >= ? AND t.title_type IN (${CATALOGUE_TYPES.map((x) => `'${x}'`).join(', ')})
    AND t.tconst NOT IN (SELECT tconst FROM movies WHERE tconst IS NOT NULL)`;

/**
 * What IMDb has for the catalogue's titles outside MovieLens with at least `minVotes` votes, keyed
 * by tconst: only those titles' rows and people are read (placing them read every title before).
 */
export function catalogueMetadata(db: Database, minVotes: number): Map<string, TitleMetadata> {
  return readTitleMetadata(db, { sql: CATALOGUE_TITLES_SQL, params: [minVotes] });
}

/**
 * What IMDb has for one title of the catalogue's types with at least `minVotes` votes, or null (not
 * imported, another type, or under the floor): what the metadata model places it from.
 */
export function titleMetadataOf(db: Database, tconst: string, minVotes: number): TitleMetadata | null {
  const r = db
    .prepare<[string, number], Row>(
      `SELECT t.tconst, t.title_type, t.start_year, t.runtime_minutes, t.genres, r.average_rating, r.num_votes
       FROM imdb_titles t JOIN imdb_ratings r ON r.tconst = t.tconst
       WHERE t.tconst = ? AND r.num_votes >= ? AND t.title_type IN (${CATALOGUE_TYPES.map((x) => `'${x}'`).join(', ')})`,
    )
    .get(tconst, minVotes);
  if (!r) return null;
  const of = (sql: string) =>
    db.prepare<[string], string>(sql.replace('%', 'tconst = ?')).pluck().all(tconst);
  const principalDirectors = of(
    "SELECT nconst FROM imdb_principals WHERE % AND category = 'director' ORDER BY ordering",
  );
  const directors = of("SELECT nconst FROM imdb_crew WHERE % AND role = 'director' ORDER BY ordering");
  return metadataOf(r, {
    directors: directors.length ? directors : principalDirectors,
    writers: of("SELECT nconst FROM imdb_crew WHERE % AND role = 'writer' ORDER BY ordering"),
    cast: of(
      "SELECT nconst FROM imdb_principals WHERE % AND category IN ('actor', 'actress', 'self') ORDER BY ordering",
    ),
  });
}
