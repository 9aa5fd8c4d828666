// Plugs the where-to-watch domain into the services: it asks TMDB with the posters' client and key.
import type { AppContext } from '../services/context.ts';
import type { PosterService } from '../posters/service.ts';
import { WhereService } from './service.ts';

export function installWhere(app: AppContext, deps: { posters: PosterService }): WhereService {
  return new WhereService(app, deps.posters);
}
