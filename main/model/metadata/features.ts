// The regression's inputs from a title's metadata: an intercept, genre indicators, year and runtime
// (centred, with their squares and a missing flag), title type, and IMDb's rating and log votes.
// All O(1), so one ridge penalty suits every column. People enter per target (people.ts).
import type { FeatureSet, TitleMetadata } from './types.ts';

/** Title types other than 'movie' (the reference: MovieLens has films only, so these columns stay at
 * zero weight in training and a series' prediction widens by its leverage instead). */
const OTHER_TYPES = ['tvMovie', 'tvSeries', 'tvMiniSeries', 'tvSpecial'] as const;
/** A genre needs this many training titles to get its own column. */
const MIN_GENRE_TITLES = 10;

export interface FeatureSpace {
  features: FeatureSet;
  genres: string[];
  /** Column names, for reports and the "why" of a metadata prediction. */
  names: string[];
}

export function featureSpace(features: FeatureSet, titles: readonly TitleMetadata[]): FeatureSpace {
  const counts = new Map<string, number>();
  for (const t of titles) for (const g of t.genres) counts.set(g, (counts.get(g) ?? 0) + 1);
  const genres = [...counts]
    .filter(([, n]) => n >= MIN_GENRE_TITLES)
    .map(([g]) => g)
    .sort();
  const names = [
    'intercept',
    ...genres.map((g) => `genre:${g}`),
    'no genres',
    'year',
    'year^2',
    'no year',
    'log runtime',
    'log runtime^2',
    'no runtime',
    ...OTHER_TYPES.map((t) => `type:${t}`),
  ];
  if (features !== 'genres-year')
    names.push(
      'imdb rating',
      'imdb rating^2',
      'log votes',
      'log votes^2',
      'rating x log votes',
      'no imdb rating',
    );
  return { features, genres, names };
}

/** Writes title t's columns into out (length space.names.length). */
export function encode(space: FeatureSpace, t: TitleMetadata, out: Float64Array): Float64Array {
  out.fill(0);
  let c = 0;
  out[c++] = 1;
  const own = new Set(t.genres);
  for (const g of space.genres) out[c++] = own.has(g) ? 1 : 0;
  out[c++] = t.genres.length === 0 ? 1 : 0;
  if (t.year !== null) {
    const y = (t.year - 1995) / 20;
    out[c] = y;
    out[c + 1] = y * y;
  } else out[c + 2] = 1;
  c += 3;
  if (t.runtimeMinutes !== null && t.runtimeMinutes > 0) {
    const r = Math.log(t.runtimeMinutes / 100);
    out[c] = r;
    out[c + 1] = r * r;
  } else out[c + 2] = 1;
  c += 3;
  for (const type of OTHER_TYPES) out[c++] = t.titleType === type ? 1 : 0;
  if (space.features !== 'genres-year') {
    if (t.imdbRating !== null) {
      const r = (t.imdbRating - 6.5) / 1.5;
      const v = (Math.log1p(t.imdbVotes ?? 0) - 8) / 3;
      out[c] = r;
      out[c + 1] = r * r;
      out[c + 2] = v;
      out[c + 3] = v * v;
      out[c + 4] = r * v;
    } else out[c + 5] = 1;
  }
  return out;
}
