// Long-running jobs (imports, downloads, training) as pushed by main, for the progress area.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobSnapshot } from '../../../main/jobs/types.ts';
import { invoke, on } from '../ipc/client.ts';

export const useJobsStore = defineStore('jobs', () => {
  const byId = ref(new Map<string, JobSnapshot>());

  async function load(): Promise<void> {
    for (const job of await invoke('jobs/list')) byId.value.set(job.id, job);
  }

  async function cancel(id: string): Promise<void> {
    await invoke('jobs/cancel', { id });
  }

  function dismiss(id: string): void {
    byId.value.delete(id);
  }

  on('jobs/changed', (job) => byId.value.set(job.id, job));

  const all = computed(() => [...byId.value.values()].sort((a, b) => b.startedAt - a.startedAt));
  const running = computed(() => all.value.filter((j) => j.state === 'running'));
  return { byId, all, running, load, cancel, dismiss };
});
