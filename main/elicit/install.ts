// Plugs preference elicitation into the services: it needs the model (pairs and priors), the
// profile (comparisons and ratings are stored there), the recommendations (the top the arena
// follows, your seen marks) and search (the title to rate); no file routes, and its counts are the
// profile's comparisons in `status`.
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { RecommendService } from '../recommend/service.ts';
import type { SearchService } from '../search/service.ts';
import { ElicitService } from './service.ts';

export function installElicit(
  app: AppContext,
  deps: { model: ModelService; profile: ProfileService; recommend: RecommendService; search: SearchService },
): ElicitService {
  return new ElicitService(app, deps);
}
