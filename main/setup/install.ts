// Plugs the first-run setup into the services (it drives the datasets and model domains' jobs).
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import { SetupService } from './service.ts';

export function installSetup(app: AppContext, deps: { model: ModelService }): SetupService {
  return new SetupService(app, deps.model);
}
