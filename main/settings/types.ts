// User-visible preferences, stored as JSON values in the settings table.
export type ThemePreference = 'system' | 'light' | 'dark';

export interface Settings {
  theme: ThemePreference;
}

export const defaultSettings: Settings = {
  theme: 'system',
};
