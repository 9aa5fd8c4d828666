// Encryption of secrets at rest (the TMDB key) behind a small interface: the app wraps Electron's
// safeStorage (posters/electron.ts); plain Node (CLI, tests, the e2e harness) has no keychain, so
// its store refuses to save anything and a key can only come from REELTASTE_TMDB_KEY.
import { AppError } from '../errors.ts';

export interface SecretStore {
  /** Names the encryption in the stored record (a key saved by one scheme is unreadable by another). */
  readonly scheme: string;
  isAvailable(): Promise<boolean>;
  /** Why nothing can be stored, for Settings and error messages (when isAvailable is false). */
  unavailableReason(): string;
  encrypt(plain: string): Promise<Uint8Array>;
  decrypt(cipher: Uint8Array): Promise<string>;
}

export const TMDB_KEY_ENV = 'REELTASTE_TMDB_KEY';

const NODE_REASON =
  `Outside the app there is no system keychain to encrypt the TMDB key with, and Reeltaste never ` +
  `stores it in plain text: set it in the app (Settings → Posters), or export ${TMDB_KEY_ENV} for the command line.`;

/** Plain Node: nothing can be stored; a key is read from the environment only. */
export const nodeSecretStore: SecretStore = {
  scheme: 'none',
  isAvailable: async () => false,
  unavailableReason: () => NODE_REASON,
  encrypt: async () => {
    throw new AppError('UNAVAILABLE', NODE_REASON);
  },
  decrypt: async () => {
    throw new AppError('UNAVAILABLE', NODE_REASON);
  },
};
