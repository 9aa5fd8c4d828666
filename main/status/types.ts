// What exists in a data folder: shown by `reeltaste status` and the app's empty states.
export interface DatasetInfo {
  kind: string;
  source: string;
  version: string | null;
  counts: Record<string, number>;
  importedAt: string;
  seconds: number;
}

export interface ModelSummary {
  id: number;
  createdAt: string;
  dim: number;
  rmse: number | null;
}

export interface ProfileSummary {
  ratings: number;
  comparisons: number;
}

export interface AppStatus {
  version: string;
  dataDir: string;
  schemaVersion: number;
  datasets: DatasetInfo[];
  model: ModelSummary | null;
  profile: ProfileSummary | null;
  /** The first thing a user should do next, for empty states. */
  nextStep: 'import-datasets' | 'train-model' | 'import-ratings' | 'ready';
  /** Present when the data folder cannot be written to (why); it is then only read. */
  readOnly?: string;
  /** Present while an import or training holds the folder (maybe another process): who, since when. */
  busy?: string;
}
