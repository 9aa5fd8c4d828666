// What the catalogue knows of a title, whichever source holds it: MovieLens first (its films are the
// ones the model has factors for), then IMDb's title files (films, series, specials: a title need not
// be a MovieLens film), then your own ratings (a title from your export outside both). Every reader
// of a title's name, year, genres, type and IMDb figures goes through here.
import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';
import { creditsOf } from './credits.ts';
import { splitGenres } from './genres.ts';

export interface TitleMeta {
  title: string;
  year: number | null;
  /** As stored with your rating: MovieLens' '|'-joined list or IMDb's ','-joined one. */
  genres: string | null;
  /** IMDb's titleType when the IMDb titles are loaded, else 'movie' (MovieLens lists films). */
  titleType: string;
}

/** A title's facts, with the MovieLens ids it goes by (none for an IMDb-only title). */
export interface CatalogueTitle {
  tconst: string;
  title: string;
  year: number | null;
  genres: string[];
  runtime: number | null;
  titleType: string;
  directors: string[];
  /** The first-billed cast, where title.principals and name.basics are loaded. */
  cast: string[];
  imdbRating: number | null;
  imdbVotes: number | null;
  mlVotes: number | null;
  yourRating: number | null;
  /** MovieLens movieIds for this tconst, most voted first (several when MovieLens lists it twice). */
  movieIds: number[];
}

/** The name, year and genres to store with a rating of tconst, or null when nothing knows it. */
export function titleMeta(db: Database, tconst: string): TitleMeta | null {
  const row =
    cachedStatement<[string], Omit<TitleMeta, 'titleType'>>(
      db,
      'SELECT title, year, genres FROM movies WHERE tconst = ? LIMIT 1',
    ).get(tconst) ??
    cachedStatement<[string], Omit<TitleMeta, 'titleType'>>(
      db,
      'SELECT primary_title AS title, start_year AS year, genres FROM imdb_titles WHERE tconst = ?',
    ).get(tconst);
  if (!row)
    return (
      cachedStatement<[string], TitleMeta>(
        db,
        'SELECT title, year, genres, title_type AS titleType FROM profile_ratings WHERE tconst = ?',
      ).get(tconst) ?? null
    );
  const type = cachedStatement<[string], string>(db, 'SELECT title_type FROM imdb_titles WHERE tconst = ?')
    .pluck()
    .get(tconst);
  return { ...row, titleType: type ?? 'movie' };
}

interface ImdbTitleRow {
  primary_title: string;
  original_title: string | null;
  start_year: number | null;
  end_year: number | null;
  runtime_minutes: number | null;
  title_type: string;
  genres: string | null;
}

/** IMDb's title.basics row of tconst, where the IMDb titles are loaded. */
export function imdbTitle(db: Database, tconst: string): ImdbTitleRow | undefined {
  return cachedStatement<[string], ImdbTitleRow>(
    db,
    `SELECT primary_title, original_title, start_year, end_year, runtime_minutes, title_type, genres
     FROM imdb_titles WHERE tconst = ?`,
  ).get(tconst);
}

/** IMDb's average rating and votes for tconst, where title.ratings is loaded. */
export function imdbRatingOf(db: Database, tconst: string): { rating: number; votes: number } | undefined {
  return cachedStatement<[string], { rating: number; votes: number }>(
    db,
    'SELECT average_rating AS rating, num_votes AS votes FROM imdb_ratings WHERE tconst = ?',
  ).get(tconst);
}

/** What the catalogue knows about a title, or null when it knows nothing. */
export function titleFacts(db: Database, tconst: string): CatalogueTitle | null {
  const movies = cachedStatement<
    [string],
    { movie_id: number; title: string; year: number | null; genres: string; ml_votes: number }
  >(
    db,
    'SELECT movie_id, title, year, genres, ml_votes FROM movies WHERE tconst = ? ORDER BY ml_votes DESC',
  ).all(tconst);
  const imdb = imdbTitle(db, tconst);
  const rating = imdbRatingOf(db, tconst);
  const yours = cachedStatement<
    [string],
    { rating: number; title: string; year: number | null; genres: string | null }
  >(db, 'SELECT rating, title, year, genres FROM profile_ratings WHERE tconst = ?').get(tconst);
  const ml = movies[0];
  if (!ml && !imdb && !yours) return null;
  return {
    tconst,
    title: ml?.title ?? imdb?.primary_title ?? yours!.title,
    year: ml?.year ?? imdb?.start_year ?? yours?.year ?? null,
    genres: ml ? splitGenres(ml.genres) : splitGenres(null, imdb?.genres ?? yours?.genres ?? null),
    runtime: imdb?.runtime_minutes ?? null,
    titleType: imdb?.title_type ?? 'movie',
    ...creditsOf(db, tconst),
    imdbRating: rating?.rating ?? null,
    imdbVotes: rating?.votes ?? null,
    mlVotes: ml ? movies.reduce((a, m) => a + m.ml_votes, 0) : null,
    movieIds: movies.map((m) => m.movie_id),
    yourRating: yours?.rating ?? null,
  };
}
