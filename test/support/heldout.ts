// Held-out MovieLens users for real-data protocols (profile fit, arena, recommendations): remove
// users from the matrix a model trains on, read a user's ratings, and hand them to the app the way
// a person would, as an IMDb-style ratings export (movieId -> tconst via links, stars * 2 -> 1-10).
import { writeFileSync } from 'node:fs';
import type { Database } from 'better-sqlite3';
import type { RatingsMatrix } from '../../main/datasets/types.ts';

/** The matrix without the given MovieLens userIds (the model never sees them). */
export function withoutUsers(m: RatingsMatrix, drop: Set<number>): RatingsMatrix {
  const keep = [...m.userIds.keys()].filter((u) => !drop.has(m.userIds[u]!));
  const offsets = new Uint32Array(keep.length + 1);
  keep.forEach((u, i) => (offsets[i + 1] = offsets[i]! + m.userOffsets[u + 1]! - m.userOffsets[u]!));
  const n = offsets[keep.length]!;
  const itemIndexArr = new Int32Array(n);
  const ratings = new Float32Array(n);
  const timestamps = new Int32Array(n);
  keep.forEach((u, i) => {
    const [a, b] = [m.userOffsets[u]!, m.userOffsets[u + 1]!];
    itemIndexArr.set(m.itemIndex.subarray(a, b), offsets[i]!);
    ratings.set(m.ratings.subarray(a, b), offsets[i]!);
    timestamps.set(m.timestamps.subarray(a, b), offsets[i]!);
  });
  return {
    userIds: Int32Array.from(keep, (u) => m.userIds[u]!),
    itemIds: m.itemIds,
    userOffsets: offsets,
    itemIndex: itemIndexArr,
    ratings,
    timestamps,
  };
}

export interface StarRating {
  movieId: number;
  stars: number;
}

/** The ratings of the user at row u of the matrix. */
export function userRatings(m: RatingsMatrix, u: number): StarRating[] {
  const out: StarRating[] = [];
  for (let j = m.userOffsets[u]!; j < m.userOffsets[u + 1]!; j++)
    out.push({ movieId: m.itemIds[m.itemIndex[j]!]!, stars: m.ratings[j]! });
  return out;
}

/** Rows of the matrix with at least `min` ratings. */
export function usersWithAtLeast(m: RatingsMatrix, min: number): number[] {
  return [...m.userIds.keys()].filter((u) => m.userOffsets[u + 1]! - m.userOffsets[u]! >= min);
}

/** A seeded shuffle (Fisher-Yates). */
export function shuffle<T>(items: readonly T[], uniform: () => number): T[] {
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export interface MovieRow {
  movie_id: number;
  tconst: string | null;
  title: string;
  year: number | null;
}

/** movieId -> the catalogue's title and tconst. */
export function movieTable(db: Database): Map<number, MovieRow> {
  return new Map(
    db
      .prepare<[], MovieRow>('SELECT movie_id, tconst, title, year FROM movies')
      .all()
      .map((m) => [m.movie_id, m]),
  );
}

// The older export header (no Original Title): tests also exercise that variant's path.
const HEADER =
  'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';

/** Writes ratings as an IMDb ratings export (films without a tconst are left out); returns their count. */
export function writeExport(
  file: string,
  movies: Map<number, MovieRow>,
  rows: readonly StarRating[],
): number {
  const lines = rows
    .map((x) => ({ x, m: movies.get(x.movieId) }))
    .filter(({ m }) => m?.tconst)
    .map(({ x, m }) => {
      const title =
        m!.title.includes(',') || m!.title.includes('"') ? `"${m!.title.replace(/"/g, '""')}"` : m!.title;
      return `${m!.tconst},${Math.round(x.stars * 2)},2018-01-01,${title},https://www.imdb.com/title/${m!.tconst}/,movie,,,${m!.year ?? ''},,,,`;
    });
  writeFileSync(file, `${[HEADER, ...lines].join('\n')}\n`);
  return lines.length;
}

/** Empties the profile (ratings, imports, comparisons, fits) between simulated users. */
export function clearProfile(db: Database): void {
  for (const t of [
    'profile_import_rows',
    'profile_rating_events',
    'profile_ratings',
    'profile_imports',
    'profile_comparisons',
    'profile_fits',
  ])
    db.prepare(`DELETE FROM ${t}`).run();
}
