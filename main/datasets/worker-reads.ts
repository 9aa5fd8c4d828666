// What the compute worker reads of this domain: the packed MovieLens ratings, on a read-only
// connection (the worker never writes). The domain has no worker task of its own: ratings.csv is
// parsed on worker_threads during an import (parse/parse-worker.ts), which main owns.
import { openDatabase } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { loadRatings } from './packed.ts';
import type { RatingsMatrix } from './types.ts';

export function readRatingsMatrix(dbFile: string): RatingsMatrix {
  const db = openDatabase(dbFile, { readonly: true });
  try {
    const matrix = loadRatings(db);
    if (matrix.ratings.length === 0)
      throw new AppError('NO_DATA', 'There are no MovieLens ratings to train on: import MovieLens first.');
    return matrix;
  } finally {
    db.close();
  }
}
