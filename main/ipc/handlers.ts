// Every invoke channel's handler, built over the services. The Handlers type makes a channel
// added to the contract without a handler a compile error.
import type { Handlers } from './dispatch.ts';
import type { Services } from '../services/index.ts';

export function createHandlers(s: Services): Handlers {
  return {
    'app/status': () => s.status(),
    'settings/get': () => s.settings.get(),
    'settings/update': (patch) => s.settings.update(patch),
    'jobs/list': () => s.jobs.list(),
    'jobs/cancel': ({ id }) => ({ cancelled: s.jobs.cancel(id) }),
    'files/drop': ({ paths }) => s.files.drop(paths),
  };
}
