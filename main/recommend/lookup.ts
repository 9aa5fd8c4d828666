// Finding a title for `predict` (an IMDb id, or a title matched exactly after normalising case,
// accents, punctuation and MovieLens' "Matrix, The" article order, optionally with its year) and
// what the catalogue knows about it (MovieLens, IMDb titles, ratings, directors and cast where loaded).
import type { Database } from 'better-sqlite3';
import { TCONST } from '../catalogue/ids.ts';
import { normaliseTitle } from '../catalogue/normalise.ts';
import { titleFacts } from '../catalogue/titles.ts';
import { AppError } from '../errors.ts';
import { markOf } from './store.ts';
import type { TitleFacts } from './types.ts';

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

/** A title's facts, your mark on it, and the MovieLens ids it goes by. */
export interface CatalogueEntry extends TitleFacts {
  movieIds: number[];
}

/** What the catalogue knows about a title (with your mark), or null when it knows nothing. */
export function catalogueEntry(db: Database, tconst: string): CatalogueEntry | null {
  const facts = titleFacts(db, tconst);
  return facts && { ...facts, mark: markOf(db, tconst) };
}
