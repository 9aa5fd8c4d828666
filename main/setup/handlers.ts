// The setup domain's IPC handlers: the first-run guide's state, start/resume, finish and skip.
import type { Handlers } from '../ipc/dispatch.ts';
import type { SetupService } from './service.ts';

type SetupChannel = Extract<keyof Handlers, `setup/${string}`>;

export function setupHandlers(setup: SetupService): Pick<Handlers, SetupChannel> {
  return {
    'setup/state': () => setup.state(),
    'setup/start': (req) => ({ jobId: setup.start(req).id }),
    'setup/finish': () => setup.finish(),
    'setup/skip': () => setup.skip(),
  };
}
