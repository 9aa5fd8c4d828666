// Plugs the recommend domain into the services. It owns no status part and no file route: what it
// needs (a model, a fit) is already in `status`, and its implicit model is trained on first use.
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import { RecommendService } from './service.ts';

export function installRecommend(
  app: AppContext,
  deps: { model: ModelService; profile: ProfileService },
): RecommendService {
  return new RecommendService(app, deps);
}
