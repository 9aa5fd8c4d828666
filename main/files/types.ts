// Dropped files: what each was recognised as and where it went.
export type FileKind =
  | 'movielens-zip'
  | 'movielens-folder'
  | 'movielens-ratings-csv'
  | 'movielens-movies-csv'
  | 'movielens-links-csv'
  | 'movielens-tags-csv'
  | 'imdb-tsv'
  | 'imdb-export-csv'
  | 'letterboxd-csv'
  | 'letterboxd-zip'
  | 'unknown';

export interface DropResult {
  accepted: { path: string; kind: FileKind; jobId?: string }[];
  rejected: { path: string; reason: string }[];
}
