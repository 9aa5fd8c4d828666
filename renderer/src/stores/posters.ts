// Posters in the UI: the TMDB key's state (Settings → Posters), the disk cache, and a version that
// changes with the key so images that fell back to a generated poster are asked for again.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { PosterStatus } from '../../../main/posters/types.ts';
import { invoke } from '../ipc/client.ts';
import { posterUrl } from '../posters.ts';

export const usePostersStore = defineStore('posters', () => {
  const status = ref<PosterStatus | null>(null);
  const version = ref(0);

  async function load(): Promise<void> {
    status.value = await invoke('posters/status');
  }

  async function setKey(key: string): Promise<void> {
    status.value = await invoke('posters/setKey', { key });
    version.value++;
  }

  async function clearKey(): Promise<void> {
    status.value = await invoke('posters/clearKey');
    version.value++;
  }

  async function clearCache(): Promise<void> {
    status.value = await invoke('posters/clearCache');
    version.value++;
  }

  async function setCacheCap(megabytes: number): Promise<void> {
    status.value = await invoke('posters/setCacheCap', { megabytes });
  }

  const url = (tconst: string) => posterUrl(tconst, version.value);
  return { status, version, load, setKey, clearKey, clearCache, setCacheCap, url };
});
