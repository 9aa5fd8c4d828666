// Plugs the search domain into the services: the index as tables derived from the datasets (every
// import rebuilds it in its staging swap) and the search thread's shutdown.
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { AppContext } from '../services/context.ts';
import { SearchService } from './service.ts';

export function installSearch(
  app: AppContext,
  deps: { model: ModelService; profile: ProfileService },
): SearchService {
  const search = new SearchService(app, deps);
  app.derivedTables.push(search.derived);
  app.onShutdown(() => search.shutdown()); // the search thread ends
  return search;
}
