// Electron-only glue for posters (kept thin: the logic is in service.ts and safe-storage.ts, tested
// under Node): the safeStorage SecretStore, and the reeltaste-poster:// scheme, registered as
// privileged before the app is ready and answered by PosterService.respond.
import { protocol, safeStorage } from 'electron';
import { POSTER_SCHEME } from './protocol.ts';
import { safeStorageSecretStore } from './safe-storage.ts';
import type { SecretStore } from './secret-store.ts';
import type { PosterService } from './service.ts';

export const electronSecretStore: SecretStore = safeStorageSecretStore(safeStorage, process.platform);

/** Must run before the app's ready event. */
export function registerPosterScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: POSTER_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function handlePosterProtocol(posters: PosterService): void {
  protocol.handle(POSTER_SCHEME, (request) => posters.respond(request.url));
}
