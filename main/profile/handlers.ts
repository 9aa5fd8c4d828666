// The profile domain's IPC handlers: what the Profile view reads and does, one service method each.
import type { Handlers } from '../ipc/dispatch.ts';
import type { ProfileService } from './service.ts';

type ProfileChannel = Extract<keyof Handlers, `profile/${string}`>;

export function profileHandlers(profile: ProfileService): Pick<Handlers, ProfileChannel> {
  return {
    'profile/overview': () => profile.overview(),
    'profile/ratings': () => profile.ratings(),
    'profile/comparisons': () => profile.comparisons(),
    'profile/importRows': ({ importId }) => profile.importRows(importId),
    'profile/factors': () => profile.factors(),
    'profile/quickstart': () => profile.quickStart(),
    // A rating answers with the overview it leaves (the view shows the new counts at once).
    'profile/rate': ({ tconst, rating }) => {
      profile.rate(tconst, rating);
      return profile.overview();
    },
    'profile/undoRate': ({ tconst }) => {
      profile.undoRate(tconst);
      return profile.overview();
    },
    'profile/update': () => ({ jobId: profile.startFit().id }),
    'profile/export': ({ format }) => profile.export(format),
  };
}
