// Plugs the model domain into the services: its piece of `status` (the active model).
import type { AppContext } from '../services/context.ts';
import { ModelService } from './service.ts';
import { activeModelSummary } from './store.ts';

export function installModel(app: AppContext): ModelService {
  app.statusParts.model = activeModelSummary;
  return new ModelService(app);
}
