// Plugs preference elicitation into the services: it needs the model (pairs and priors) and the
// profile (comparisons and ratings are stored there); no file routes, and its counts are the
// profile's comparisons in `status`.
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import { ElicitService } from './service.ts';

export function installElicit(
  app: AppContext,
  deps: { model: ModelService; profile: ProfileService },
): ElicitService {
  return new ElicitService(app, deps);
}
