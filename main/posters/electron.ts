// Electron-only glue for posters (kept thin: the logic is in service.ts, tested under Node): the
// safeStorage SecretStore, and the reeltaste-poster:// scheme, registered as privileged before the
// app is ready and answered by PosterService.respond.
import { protocol, safeStorage } from 'electron';
import { POSTER_SCHEME } from './protocol.ts';
import type { SecretStore } from './secret-store.ts';
import type { PosterService } from './service.ts';

/** safeStorage, refusing Linux's 'basic_text' backend: that is a hard-coded password, i.e. plain text. */
export const safeStorageSecretStore: SecretStore = {
  scheme: 'electron-safeStorage',
  async isAvailable() {
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text')
      return false;
    return safeStorage.isAsyncEncryptionAvailable();
  },
  unavailableReason() {
    return process.platform === 'linux'
      ? 'No system keychain (GNOME Keyring, KWallet) is available, and Reeltaste never stores the TMDB key in plain text: start a keychain, or set REELTASTE_TMDB_KEY in the environment.'
      : 'The system keychain is not available, and Reeltaste never stores the TMDB key in plain text: set REELTASTE_TMDB_KEY in the environment instead.';
  },
  encrypt: (plain) => safeStorage.encryptStringAsync(plain),
  decrypt: async (cipher) => (await safeStorage.decryptStringAsync(Buffer.from(cipher))).result,
};

/** Must run before the app's ready event. */
export function registerPosterScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: POSTER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function handlePosterProtocol(posters: PosterService): void {
  protocol.handle(POSTER_SCHEME, (request) => posters.respond(request.url));
}
