// Shapes that cross from the datasets domain to training and profile fitting.
import type { DatasetInfo } from '../status/types.ts';

/**
 * All MovieLens ratings as a user-major CSR matrix over dense indices, read straight from the
 * packed per-user BLOBs. Item index i is the i-th entry of itemIds (MovieLens movieId), sorted
 * ascending; user index u likewise for userIds.
 */
export interface RatingsMatrix {
  userIds: Int32Array; // [users] MovieLens userId per dense user index
  itemIds: Int32Array; // [items] MovieLens movieId per dense item index, ascending
  userOffsets: Uint32Array; // [users + 1] ratings of user u are [userOffsets[u], userOffsets[u+1])
  itemIndex: Int32Array; // [nnz] dense item index of each rating
  ratings: Float32Array; // [nnz] 0.5..5 stars
  timestamps: Int32Array; // [nnz] unix seconds
}

/** What an ingest stored (the CLI's --json output, a finished job's result). Only the fields of the
 * sources that were imported are present. */
export interface IngestResult {
  movies?: number;
  ratings?: number;
  users?: number;
  links?: number;
  tags?: number;
  titles?: number;
  imdbRatings?: number;
  directors?: number;
  /** First-billed cast rows kept (title.principals), for the titles in the catalogue. */
  cast?: number;
  /** title.crew: titles kept (the catalogue's, above the vote floor), and their director and writer credits. */
  crewTitles?: number;
  crewDirectors?: number;
  crewWriters?: number;
  names?: number;
  /** MovieLens movies that have an IMDb rating after this import. */
  matchedMovies?: number;
  seconds: number;
}

export type DatasetSource = 'movielens' | 'imdb';

/** A finished download: what was fetched (and checked against GroupLens' .md5), then imported. */
export interface DownloadResult extends IngestResult {
  files: { path: string; bytes: number; md5: string; checked: boolean; resumed: number }[];
}

/** What the Settings → Data pane shows (IPC 'datasets/list'). */
export interface DatasetsOverview {
  datasets: DatasetInfo[];
  terms: Record<DatasetSource, { title: string; text: string; url: string; acceptedAt: string | null }>;
  movielensVariants: string[];
  /** Where downloads are kept (for the "Stored in" line). */
  downloadsDir: string;
}

export interface IngestRequest {
  kind: DatasetSource;
  paths: string[];
}

export interface DownloadRequestInput {
  source: DatasetSource;
  variant?: 'ml-latest-small' | 'ml-25m' | 'ml-32m';
  people?: boolean;
}

/** The 'datasets/changed' event: every dataset stored now (after an import or a download). */
export interface DatasetsChanged {
  datasets: DatasetInfo[];
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    'datasets/movielens': IngestResult;
    'datasets/imdb': IngestResult;
    'datasets/download-movielens': DownloadResult;
    'datasets/download-imdb': DownloadResult;
  }
}

// This domain's events (its part of the EventMap the UI hears).
declare module '../events.ts' {
  interface EventMap {
    /** A dataset was imported: what is stored now. */
    'datasets/changed': DatasetsChanged;
  }
}

/**
 * The vote floor of the catalogue's non-MovieLens titles (issue 21), until Settings sets one; also
 * the floor of the titles whose crew an import keeps. Chosen by measurement: the lowest floor whose
 * catalogue stays within the refresh's benchmarked +400k cold titles, keeping >= 97% of the real
 * exports' recent titles (test/integration/metadata-vote-floor.test.ts, README "The vote floor").
 */
export const DEFAULT_MIN_VOTES = 100;
