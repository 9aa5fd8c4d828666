// Plugs the posters domain into the services. The SecretStore comes from whoever creates the
// services: Electron's safeStorage in the app, the refusing Node store elsewhere.
import type { AppContext } from '../services/context.ts';
import { nodeSecretStore, type SecretStore } from './secret-store.ts';
import { PosterService } from './service.ts';

export function installPosters(app: AppContext, deps: { secrets?: SecretStore } = {}): PosterService {
  return new PosterService(app, deps.secrets ?? nodeSecretStore);
}
