// The SecretStore over Electron's safeStorage, written against the few calls it uses so its rules
// are tested under Node (electron.ts passes the real module): Linux's 'basic_text' backend is a
// hard-coded password, i.e. plain text, so it counts as no keychain at all.
import type { SecretStore } from './secret-store.ts';

/** The part of Electron's safeStorage this uses. */
export interface SafeStorageApi {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  getSelectedStorageBackend(): string;
  encryptStringAsync(plain: string): Promise<Buffer>;
  decryptStringAsync(cipher: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export function safeStorageSecretStore(api: SafeStorageApi, platform: NodeJS.Platform): SecretStore {
  return {
    scheme: 'electron-safeStorage',
    async isAvailable() {
      if (platform === 'linux' && api.getSelectedStorageBackend() === 'basic_text') return false;
      return api.isAsyncEncryptionAvailable();
    },
    unavailableReason() {
      return platform === 'linux'
        ? 'No system keychain (GNOME Keyring, KWallet) is available, and Reeltaste never stores the TMDB key in plain text: start a keychain, or set REELTASTE_TMDB_KEY in the environment.'
        : 'The system keychain is not available, and Reeltaste never stores the TMDB key in plain text: set REELTASTE_TMDB_KEY in the environment instead.';
    },
    encrypt: (plain) => api.encryptStringAsync(plain),
    decrypt: async (cipher) => (await api.decryptStringAsync(Buffer.from(cipher))).result,
  };
}
