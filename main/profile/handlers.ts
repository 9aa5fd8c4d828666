// The profile domain's IPC handlers: what the Profile view reads and does.
import type { Handlers } from '../ipc/dispatch.ts';
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import { factorInsights, quickStart, ratingsWithPredictions } from './insights.ts';
import { comparisonList, importRows } from './lists.ts';
import type { ProfileService } from './service.ts';
import { loadFit } from './store.ts';
import { exportProfile } from './user-export.ts';

type ProfileChannel = Extract<keyof Handlers, `profile/${string}`>;

export function profileHandlers(
  app: AppContext,
  profile: ProfileService,
  model: ModelService,
): Pick<Handlers, ProfileChannel> {
  const fitOf = () => {
    const active = model.active();
    return { model: active, fit: active ? loadFit(app.db, active.id) : null };
  };
  return {
    'profile/overview': () => profile.overview(),
    'profile/ratings': () => {
      const { model, fit } = fitOf();
      return ratingsWithPredictions(app.db, model, fit);
    },
    'profile/comparisons': () => comparisonList(app.db),
    'profile/importRows': ({ importId }) => importRows(app.db, importId),
    'profile/factors': () => {
      const { model, fit } = fitOf();
      return model && fit ? factorInsights(app.db, model, fit) : [];
    },
    'profile/quickstart': () => quickStart(app.db, model.active()),
    'profile/rate': ({ tconst, rating }) => {
      profile.rate(tconst, rating);
      return profile.overview();
    },
    'profile/undoRate': ({ tconst }) => {
      profile.undoRate(tconst);
      return profile.overview();
    },
    'profile/update': () => ({ jobId: profile.startFit().id }),
    'profile/export': ({ format }) => exportProfile(app.db, format),
  };
}
