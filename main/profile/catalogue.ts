// Joins the user's titles to the MovieLens catalogue (movies.tconst) and to the active model's item
// indices. MovieLens occasionally lists one IMDb id under two movieIds; the one the model knows wins.
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';

export function hasCatalogue(db: Database): boolean {
  return db.prepare('SELECT 1 FROM movies LIMIT 1').pluck().get() !== undefined;
}

/** Dense item index of a MovieLens movieId in the model, or -1. */
export function itemIndex(params: Pick<ModelParams, 'itemIds'>, movieId: number): number {
  const ids = params.itemIds;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === movieId) return mid;
    if (v < movieId) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** tconst -> movieIds in the catalogue, for the given tconsts (or all rated ones). */
export function movieIdsByTconst(db: Database, tconsts: Iterable<string>): Map<string, number[]> {
  const get = db
    .prepare<[string], number>('SELECT movie_id FROM movies WHERE tconst = ? ORDER BY movie_id')
    .pluck();
  const out = new Map<string, number[]>();
  for (const t of tconsts) {
    const ids = get.all(t);
    if (ids.length) out.set(t, ids);
  }
  return out;
}

/** The item index for a tconst: the first of its movieIds the model knows. */
export function resolveItem(
  params: Pick<ModelParams, 'itemIds'> | null,
  movieIds: number[] | undefined,
): { movieId: number | null; item: number } {
  if (!movieIds?.length) return { movieId: null, item: -1 };
  if (params) {
    for (const id of movieIds) {
      const i = itemIndex(params, id);
      if (i >= 0) return { movieId: id, item: i };
    }
  }
  return { movieId: movieIds[0]!, item: -1 };
}

export interface TitleMeta {
  title: string;
  year: number | null;
  genres: string | null;
  /** IMDb's titleType when the IMDb titles are loaded, else 'movie' (MovieLens lists films). */
  titleType: string;
}

/**
 * What the catalogue knows of a title (MovieLens first, then IMDb), else what your own ratings say
 * of it (a series from an export, outside both), or null.
 */
export function titleMeta(db: Database, tconst: string): TitleMeta | null {
  const row =
    db
      .prepare<[string], Omit<TitleMeta, 'titleType'>>(
        'SELECT title, year, genres FROM movies WHERE tconst = ? LIMIT 1',
      )
      .get(tconst) ??
    db
      .prepare<[string], Omit<TitleMeta, 'titleType'>>(
        'SELECT primary_title AS title, start_year AS year, genres FROM imdb_titles WHERE tconst = ?',
      )
      .get(tconst);
  if (!row)
    return (
      db
        .prepare<[string], TitleMeta>(
          'SELECT title, year, genres, title_type AS titleType FROM profile_ratings WHERE tconst = ?',
        )
        .get(tconst) ?? null
    );
  const type = db
    .prepare<[string], string>('SELECT title_type FROM imdb_titles WHERE tconst = ?')
    .pluck()
    .get(tconst);
  return { ...row, titleType: type ?? 'movie' };
}

/** The model's item index for a tconst, or -1. */
export function itemOf(db: Database, params: Pick<ModelParams, 'itemIds'>, tconst: string): number {
  return resolveItem(params, movieIdsByTconst(db, [tconst]).get(tconst)).item;
}
