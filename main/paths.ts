// Where Reeltaste keeps its data. The CLI must find the same folder Electron's
// app.getPath('userData') gives the app: <appData>/Reeltaste.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Reeltaste';
export const DB_FILE = 'reeltaste.db';

/** Electron's appData rule per platform (see Electron's app.getPath docs). */
export function appDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME || join(homedir(), '.config');
}

/** --data-dir beats REELTASTE_DATA_DIR beats the app's userData folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.REELTASTE_DATA_DIR || join(appDataDir(env), APP_NAME);
}
