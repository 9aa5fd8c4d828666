// The datasets domain: MovieLens and IMDb import, packed ratings for training, downloads.
export { ingestMovieLens } from './movielens.ts';
export { ingestImdb } from './imdb.ts';
export { loadRatings } from './packed.ts';
export { installDatasets } from './install.ts';
export type { IngestResult, RatingsMatrix, DatasetSource } from './types.ts';
export type { IngestOptions } from './read.ts';
