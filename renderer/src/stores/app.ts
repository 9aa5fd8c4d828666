// App-wide state: what exists (status) and the user's settings. Loads by invoke, then patches its
// status from the narrow events (what is stored, the active model, your profile's counts) without
// asking again; a finished job (which may have held the folder: `busy`) reads it once more.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { nextStepOf } from '../../../main/status/next-step.ts';
import type { AppStatus } from '../../../main/status/types.ts';
import type { Settings, ThemePreference } from '../../../main/settings/types.ts';
import { invoke, on } from '../ipc/client.ts';

export const useAppStore = defineStore('app', () => {
  const status = ref<AppStatus | null>(null);
  const settings = ref<Settings | null>(null);
  const loadError = ref<string | null>(null);

  async function load(): Promise<void> {
    try {
      [status.value, settings.value] = await Promise.all([invoke('app/status'), invoke('settings/get')]);
      applyTheme(settings.value.theme);
    } catch (err) {
      loadError.value = (err as Error).message;
    }
  }

  async function updateSettings(patch: Partial<Settings>): Promise<void> {
    settings.value = await invoke('settings/update', patch);
  }

  async function setTheme(theme: ThemePreference): Promise<void> {
    settings.value = await invoke('settings/update', { theme });
    applyTheme(theme);
  }

  function patch(part: Partial<Pick<AppStatus, 'datasets' | 'model' | 'profile'>>): void {
    if (!status.value) return;
    const next = { ...status.value, ...part };
    status.value = { ...next, nextStep: nextStepOf(next) };
  }
  on('datasets/changed', (e) => patch({ datasets: e.datasets }));
  on('model/changed', (e) => patch({ model: e.model }));
  on('profile/changed', (e) => patch({ profile: e.profile }));
  on('jobs/changed', (job) => {
    if (job.state !== 'running')
      void invoke('app/status').then(
        (s) => (status.value = s),
        () => {},
      );
  });

  const nextStep = computed(() => status.value?.nextStep ?? 'import-datasets');
  return { status, settings, loadError, nextStep, load, setTheme, updateSettings };
});

const systemDark = window.matchMedia('(prefers-color-scheme: dark)');
let preference: ThemePreference = 'system';
systemDark.addEventListener('change', () => applyTheme(preference));

/** Resolves 'system' through the OS setting, and follows the OS while it is chosen. */
function applyTheme(theme: ThemePreference): void {
  preference = theme;
  const dark = theme === 'dark' || (theme === 'system' && systemDark.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}
