// User-visible preferences, stored as JSON values in the settings table.
export type ThemePreference = 'system' | 'light' | 'dark';

/** The training backends one can ask for (auto: the GPU when it is a real one that self-tests, else native, else js). */
export const BACKENDS = ['auto', 'native', 'js', 'gpu'] as const;
export type Backend = (typeof BACKENDS)[number];

/** Training options the user last chose (Settings → Training); unset fields use the model's defaults. */
export interface TrainingDefaults {
  dim?: number;
  epochs?: number;
  threads?: number;
  backend?: Backend;
  /** Early stopping's patience (main/model/early-stop.ts); 0 runs every epoch. Not in the pane. */
  patience?: number;
}

/** The catalogue beside MovieLens' films (Settings → Data). */
export interface CatalogueDefaults {
  /**
   * IMDb films, TV films, series and mini-series with at least this many votes are candidates
   * (placed by the metadata model); unset: DEFAULT_MIN_VOTES (datasets/imdb-crew.ts, 100).
   */
  minVotes?: number;
}

export interface Settings {
  theme: ThemePreference;
  training: TrainingDefaults;
  catalogue: CatalogueDefaults;
}

export const defaultSettings: Settings = {
  theme: 'system',
  training: {},
  catalogue: {},
};
