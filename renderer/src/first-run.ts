// Opens the first-run guide instead of empty views: on the app's first navigation only, and only
// when it would land on the default view, so a click that came first always wins.
import type { Router } from 'vue-router';
import { invoke } from './ipc/client.ts';
import { GUIDED_STEPS } from './stores/setup.ts';

export const FIRST_RUN_PATH = '/welcome';

export function installFirstRunRedirect(router: Router): void {
  let first = true;
  router.beforeEach(async (to) => {
    if (!first) return true;
    first = false;
    if (to.path !== '/recommendations') return true;
    try {
      const { step, dismissed } = await invoke('setup/state');
      return !dismissed && GUIDED_STEPS.includes(step) ? FIRST_RUN_PATH : true;
    } catch {
      return true; // App.vue shows why the state could not be loaded
    }
  });
}
