// The first-run guide: where setup stands (main keeps it, so it survives closing the app), start or
// resume, finish and skip. Reloads when the setup job finishes or the data changes.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { SetupRequest, SetupState } from '../../../main/setup/types.ts';
import { invoke, on } from '../ipc/client.ts';
import { useJobsStore } from './jobs.ts';

export const useSetupStore = defineStore('setup', () => {
  const state = ref<SetupState | null>(null);
  const error = ref<string | null>(null);
  const jobs = useJobsStore();

  async function load(): Promise<void> {
    try {
      state.value = await invoke('setup/state');
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function start(req: SetupRequest): Promise<void> {
    await invoke('setup/start', req);
    await load();
  }

  async function finish(): Promise<void> {
    state.value = await invoke('setup/finish');
  }

  async function skip(): Promise<void> {
    state.value = await invoke('setup/skip');
  }

  on('jobs/changed', (job) => {
    if (job.kind === 'setup' && job.state !== 'running') void load();
  });
  // The guide moves on when data, a model or your first ratings arrive (not on every answer after).
  on('datasets/changed', () => void load());
  on('model/changed', () => void load());
  on('profile/changed', (e) => {
    if (e.changed.includes('ratings') && state.value?.step === 'profile') void load();
  });

  /** The setup job (running, or the one that just ended), for the progress and its error. */
  const job = computed(
    () =>
      jobs.all.find((j) => j.kind === 'setup' && (j.id === state.value?.jobId || j.state === 'running')) ??
      null,
  );
  return { state, error, job, load, start, finish, skip };
});

/** Steps in which a new user is taken to the guide when the app opens. */
export const GUIDED_STEPS: readonly SetupState['step'][] = ['choose', 'running', 'interrupted', 'profile'];
