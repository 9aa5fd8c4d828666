// App-wide state: what exists (status) and the user's settings. Loads by invoke, then follows
// pushed statusChanged events.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
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

  on('app/statusChanged', (s) => (status.value = s));

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
