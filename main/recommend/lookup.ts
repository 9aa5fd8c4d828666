// Finding a title for `predict` (an IMDb id, or a title matched exactly after normalising case,
// accents, punctuation and MovieLens' "Matrix, The" article order, optionally with its year) and
// what the catalogue knows about it (MovieLens, IMDb titles, ratings, directors and cast where loaded).
import type { Database } from 'better-sqlite3';
import { creditsOf } from '../datasets/credits.ts';
import { AppError } from '../errors.ts';
import { markOf, splitGenres } from './store.ts';
import type { TitleFacts } from './types.ts';

export const TCONST = /^tt\d{7,9}$/;

/** Lower case, no accents or punctuation, a trailing ", The" moved to the front. */
export function normaliseTitle(s: string): string {
  const folded = s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
  const moved = folded.replace(/^(.*), (the|a|an|les|le|la|l'|il|der|die|das|el|los)$/, '$2 $1');
  return moved
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Match {
  tconst: string;
  title: string;
  year: number | null;
  inMovieLens: boolean;
  votes: number;
}

/** The tconst a query names, with other titles that matched (best first: MovieLens, then most votes). */
export function resolveTitle(
  db: Database,
  query: string,
  year?: number,
): { tconst: string; alternatives: { tconst: string; title: string; year: number | null }[] } {
  const q = query.trim();
  if (TCONST.test(q)) return { tconst: q, alternatives: [] };
  const want = normaliseTitle(q);
  if (!want) throw new AppError('INVALID_INPUT', 'Give an IMDb id (tt0133093) or a title to predict.');
  const matches = new Map<string, Match>();
  const movies = db
    .prepare<[], { tconst: string; title: string; year: number | null; ml_votes: number }>(
      'SELECT tconst, title, year, ml_votes FROM movies WHERE tconst IS NOT NULL',
    )
    .all();
  for (const m of movies)
    if (normaliseTitle(m.title) === want)
      matches.set(m.tconst, {
        tconst: m.tconst,
        title: m.title,
        year: m.year,
        inMovieLens: true,
        votes: m.ml_votes,
      });
  // IMDb titles can be millions of rows: let SQLite compare case-insensitively first.
  const imdb = db
    .prepare<[string, string], { tconst: string; title: string; year: number | null; votes: number | null }>(
      `SELECT t.tconst, t.primary_title AS title, t.start_year AS year, r.num_votes AS votes
       FROM imdb_titles t LEFT JOIN imdb_ratings r ON r.tconst = t.tconst
       WHERE t.primary_title = ? COLLATE NOCASE OR t.original_title = ? COLLATE NOCASE`,
    )
    .all(q, q);
  for (const t of imdb)
    if (!matches.has(t.tconst))
      matches.set(t.tconst, {
        tconst: t.tconst,
        title: t.title,
        year: t.year,
        inMovieLens: false,
        votes: t.votes ?? 0,
      });
  const found = [...matches.values()]
    .filter((m) => year === undefined || m.year === year)
    .sort((a, b) => Number(b.inMovieLens) - Number(a.inMovieLens) || b.votes - a.votes);
  if (!found.length)
    throw new AppError(
      'NOT_FOUND',
      `No title matches "${q}"${year !== undefined ? ` from ${year}` : ''} in the catalogue${
        matches.size && year !== undefined
          ? ` (found: ${[...matches.values()].map((m) => `${m.title} (${m.year ?? '?'})`).join(', ')})`
          : ''
      }. Try the IMDb id (ttNNNNNNN).`,
    );
  return {
    tconst: found[0]!.tconst,
    alternatives: found.slice(1, 6).map(({ tconst, title, year: y }) => ({ tconst, title, year: y })),
  };
}

/** A title's facts and the MovieLens ids it goes by (several when MovieLens lists it twice). */
export interface CatalogueEntry extends TitleFacts {
  movieIds: number[];
}

/** What the catalogue knows about a title, or null when it knows nothing. */
export function catalogueEntry(db: Database, tconst: string): CatalogueEntry | null {
  const movies = db
    .prepare<
      [string],
      { movie_id: number; title: string; year: number | null; genres: string; ml_votes: number }
    >('SELECT movie_id, title, year, genres, ml_votes FROM movies WHERE tconst = ? ORDER BY ml_votes DESC')
    .all(tconst);
  const imdb = db
    .prepare<
      [string],
      {
        primary_title: string;
        start_year: number | null;
        runtime_minutes: number | null;
        title_type: string;
        genres: string | null;
      }
    >(
      'SELECT primary_title, start_year, runtime_minutes, title_type, genres FROM imdb_titles WHERE tconst = ?',
    )
    .get(tconst);
  const rating = db
    .prepare<[string], { average_rating: number; num_votes: number }>(
      'SELECT average_rating, num_votes FROM imdb_ratings WHERE tconst = ?',
    )
    .get(tconst);
  const yours = db
    .prepare<[string], { rating: number; title: string; year: number | null; genres: string | null }>(
      'SELECT rating, title, year, genres FROM profile_ratings WHERE tconst = ?',
    )
    .get(tconst);
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
    imdbRating: rating?.average_rating ?? null,
    imdbVotes: rating?.num_votes ?? null,
    mlVotes: ml ? movies.reduce((a, m) => a + m.ml_votes, 0) : null,
    movieIds: movies.map((m) => m.movie_id),
    yourRating: yours?.rating ?? null,
    mark: markOf(db, tconst),
  };
}
