// User-visible preferences, stored as JSON values in the settings table.
export type ThemePreference = 'system' | 'light' | 'dark';

/** Training options the user last chose (Settings → Training); unset fields use the model's defaults. */
export interface TrainingDefaults {
  dim?: number;
  epochs?: number;
  threads?: number;
  backend?: 'auto' | 'native' | 'js' | 'gpu';
  /** Early stopping's patience (main/model/early-stop.ts); 0 runs every epoch. Not in the pane. */
  patience?: number;
}

export interface Settings {
  theme: ThemePreference;
  training: TrainingDefaults;
}

export const defaultSettings: Settings = {
  theme: 'system',
  training: {},
};
