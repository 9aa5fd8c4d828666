// Every invoke channel's handler, built over the services: the app's own channels here, each
// domain's from its handlers.ts. The Handlers type makes a channel added to the contract without a
// handler a compile error.
import type { Handlers } from './dispatch.ts';
import type { Services } from '../compose/services.ts';
import type { Settings } from '../settings/types.ts';
import { withTranslatedErrors } from '../db/errors.ts';
import { datasetsHandlers } from '../datasets/handlers.ts';
import { modelHandlers } from '../model/handlers.ts';
import { profileHandlers } from '../profile/handlers.ts';
import { recommendHandlers } from '../recommend/handlers.ts';
import { searchHandlers } from '../search/handlers.ts';
import { letterboxdHandlers } from '../profile/letterboxd/handlers.ts';
import { postersHandlers } from '../posters/handlers.ts';
import { setupHandlers } from '../setup/handlers.ts';
import { whereHandlers } from '../where/handlers.ts';
import { elicitHandlers } from '../elicit/handlers.ts';

export interface HandlerHooks {
  /** After settings change (Electron applies the theme to its native parts). */
  onSettings?(next: Settings): void;
}

export function createHandlers(s: Services, hooks: HandlerHooks = {}): Handlers {
  const handlers: Handlers = {
    'app/status': () => s.status(),
    'settings/get': () => s.settings.get(),
    'settings/update': (patch) => {
      const next = s.settings.update(patch);
      hooks.onSettings?.(next);
      return next;
    },
    'jobs/list': () => s.jobs.list(),
    'jobs/cancel': ({ id }) => ({ cancelled: s.jobs.cancel(id) }),
    'files/drop': ({ paths }) => s.files.drop(paths),
    ...datasetsHandlers(s.datasets),
    ...modelHandlers(s, s.model),
    ...profileHandlers(s.profile),
    ...recommendHandlers(s.recommend),
    ...searchHandlers(s.search),
    ...letterboxdHandlers(s.letterboxd),
    ...postersHandlers(s.posters),
    ...whereHandlers(s.where),
    ...setupHandlers(s.setup),
    ...elicitHandlers(s.elicit),
  };
  // SQLite's failures reach the UI as errors naming the cause and the folder (db/errors.ts).
  return withTranslatedErrors(handlers, s.translateError);
}
