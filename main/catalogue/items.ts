// A catalogue title's ids: its IMDb id (tconst, every title has one), the MovieLens movieIds it goes by
// (none for an IMDb-only title or a series) and the active model's item index (-1: the model has no
// factors for it). MovieLens occasionally lists one IMDb id under two movieIds; the one the model
// knows wins.
import type { Database } from 'better-sqlite3';

/** What of a model the id lookups need: its sorted MovieLens movieIds (one per item). */
export interface ItemIds {
  itemIds: ArrayLike<number>;
}

export function hasCatalogue(db: Database): boolean {
  return db.prepare('SELECT 1 FROM movies LIMIT 1').pluck().get() !== undefined;
}

/** Dense item index of a MovieLens movieId in the model, or -1. */
export function itemIndex(params: ItemIds, movieId: number): number {
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
  params: ItemIds | null,
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

/** The model's item index for a tconst, or -1. */
export function itemOf(db: Database, params: ItemIds, tconst: string): number {
  return resolveItem(params, movieIdsByTconst(db, [tconst]).get(tconst)).item;
}
