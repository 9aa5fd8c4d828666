// Synthetic MovieLens folders for tests that run without ../shared: the benchmark's ml-25m-shaped
// writer (test/bench/write-ml25m.ts) at a size that takes a few seconds to import.
import type { SyntheticOptions } from '../bench/synthetic.ts';
import { writeMl25m, type WrittenDataset } from '../bench/write-ml25m.ts';

/**
 * About `ratings` ratings, ~154 per user and ~423 per movie as in ml-25m, with at least 2,000 movies:
 * the generator caps a user at a quarter of the movies, so a small catalogue could not hold the ratings.
 */
export function syntheticMovieLensShape(ratings: number, seed = 1): SyntheticOptions {
  const users = Math.max(50, Math.round(ratings / 154));
  const items = Math.max(2_000, Math.round(ratings / 423));
  if (users * (Math.min(items / 4, 12_000) - 20) < 2 * ratings)
    throw new Error(`${ratings} ratings do not fit ${users} users over ${items} movies`);
  return { users, items, ratings, seed };
}

/** A MovieLens folder of about `ratings` ratings in the real files' format (see syntheticMovieLensShape). */
export function writeSyntheticMovieLens(dir: string, ratings: number, seed = 1): WrittenDataset {
  return writeMl25m(dir, syntheticMovieLensShape(ratings, seed));
}
