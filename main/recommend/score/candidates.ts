// The titles a refresh can rank: every item of the active model that has an IMDb id, as flat arrays
// indexed like the model's items (title, year, genre bit masks, IMDb rating and votes, runtime,
// film or series), built once per model version and catalogue, so a refresh only does arithmetic.
import type { Database } from 'better-sqlite3';
import type { ColdTitle } from '../../model/types.ts';
import type { ModelParams } from '../../model/types.ts';
import { itemIndex } from '../../catalogue/items.ts';
import { splitGenres } from '../../catalogue/genres.ts';

export const SERIES_TYPES = new Set(['tvSeries', 'tvMiniSeries']);

export interface Candidates {
  /** Model items (not all have a tconst). */
  n: number;
  tconst: (string | null)[];
  title: string[];
  year: Int32Array; // 0: unknown
  genres: string[][];
  /** Every genre of the dataset, sorted; bit g of an item's mask is genreNames[g]. */
  genreNames: string[];
  /** Uint32 words per item. */
  words: number;
  genreMask: Uint32Array; // [n * words]
  imdbRating: Float32Array; // NaN: none
  imdbVotes: Int32Array; // -1: none
  runtime: Int32Array; // 0: unknown
  titleType: string[];
  series: Uint8Array;
  /** MovieLens training ratings per item (the model's counts). */
  mlVotes: Int32Array;
  itemOfTconst: Map<string, number>;
}

interface Row {
  movie_id: number;
  tconst: string | null;
  title: string;
  year: number | null;
  genres: string;
  rating: number | null;
  votes: number | null;
  runtime: number | null;
  title_type: string | null;
}

/** `cold`: the titles appended after the trained items (model/metadata/catalogue.ts), in item order. */
export function buildCandidates(
  db: Database,
  params: Pick<ModelParams, 'itemIds' | 'itemCounts'>,
  cold: readonly ColdTitle[] = [],
): Candidates {
  const n = params.itemIds.length;
  const rows = db
    .prepare<[], Row>(
      `SELECT m.movie_id, m.tconst, m.title, m.year, m.genres, r.average_rating AS rating, r.num_votes AS votes,
              t.runtime_minutes AS runtime, t.title_type
       FROM movies m LEFT JOIN imdb_ratings r ON r.tconst = m.tconst LEFT JOIN imdb_titles t ON t.tconst = m.tconst
       ORDER BY m.movie_id`,
    )
    .all();
  const c: Candidates = {
    n,
    tconst: new Array<string | null>(n).fill(null),
    title: new Array<string>(n).fill(''),
    year: new Int32Array(n),
    genres: Array.from({ length: n }, () => []),
    genreNames: [],
    words: 1,
    genreMask: new Uint32Array(0),
    imdbRating: new Float32Array(n).fill(Number.NaN),
    imdbVotes: new Int32Array(n).fill(-1),
    runtime: new Int32Array(n),
    titleType: new Array<string>(n).fill('movie'),
    series: new Uint8Array(n),
    mlVotes: Int32Array.from(params.itemCounts),
    itemOfTconst: new Map(),
  };
  const names = new Set<string>();
  for (const r of rows) {
    const i = itemIndex(params, r.movie_id);
    if (i < 0) continue;
    // One IMDb id under two movieIds: the better-known one represents the title.
    if (r.tconst) {
      const other = c.itemOfTconst.get(r.tconst);
      if (other !== undefined && c.mlVotes[other]! >= c.mlVotes[i]!) continue;
      if (other !== undefined) c.tconst[other] = null;
      c.itemOfTconst.set(r.tconst, i);
    }
    c.tconst[i] = r.tconst;
    c.title[i] = r.title;
    c.year[i] = r.year ?? 0;
    c.genres[i] = splitGenres(r.genres);
    for (const g of c.genres[i]) names.add(g);
    if (r.rating !== null) c.imdbRating[i] = r.rating;
    if (r.votes !== null) c.imdbVotes[i] = r.votes;
    c.runtime[i] = r.runtime ?? 0;
    if (r.title_type) c.titleType[i] = r.title_type;
    c.series[i] = SERIES_TYPES.has(c.titleType[i]!) ? 1 : 0;
  }
  const first = n - cold.length;
  cold.forEach((t, e) => {
    const i = first + e;
    // A MovieLens film of the same IMDb id wins (the query leaves those out; kept for safety).
    if (c.itemOfTconst.has(t.tconst)) return;
    c.itemOfTconst.set(t.tconst, i);
    c.tconst[i] = t.tconst;
    c.title[i] = t.title;
    c.year[i] = t.year ?? 0;
    c.genres[i] = t.genres;
    for (const g of t.genres) names.add(g);
    c.imdbRating[i] = t.rating;
    c.imdbVotes[i] = t.votes;
    c.runtime[i] = t.runtime ?? 0;
    c.titleType[i] = t.titleType;
    c.series[i] = SERIES_TYPES.has(t.titleType) ? 1 : 0;
  });
  c.genreNames = [...names].sort();
  c.words = Math.max(1, Math.ceil(c.genreNames.length / 32));
  c.genreMask = new Uint32Array(n * c.words);
  const bit = new Map(c.genreNames.map((g, b) => [g, b]));
  for (let i = 0; i < n; i++)
    for (const g of c.genres[i]!) {
      const b = bit.get(g)!;
      c.genreMask[i * c.words + (b >>> 5)]! |= 1 << (b & 31);
    }
  return c;
}
