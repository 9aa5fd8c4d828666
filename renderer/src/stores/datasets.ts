// Datasets: what is imported (counts per dataset), the licence terms for downloads, and the
// import/download jobs (followed through the jobs store's pushed events).
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { DatasetSource, DatasetsOverview, DownloadRequestInput } from '../../../main/datasets/types.ts';
import { invoke, on } from '../ipc/client.ts';
import { useJobsStore } from './jobs.ts';

export const useDatasetsStore = defineStore('datasets', () => {
  const overview = ref<DatasetsOverview | null>(null);
  const error = ref<string | null>(null);
  const jobs = useJobsStore();

  async function load(): Promise<void> {
    try {
      overview.value = await invoke('datasets/list');
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function acceptTerms(source: DatasetSource): Promise<void> {
    overview.value = await invoke('datasets/acceptTerms', { source });
  }

  /** Starts a download (the caller has shown and accepted the terms); returns the job id. */
  async function download(req: DownloadRequestInput): Promise<string> {
    const { jobId } = await invoke('datasets/download', req);
    return jobId;
  }

  // Imports change what is stored: read the overview again when one lands.
  on('datasets/changed', () => void load());

  const datasetJobs = computed(() => jobs.all.filter((j) => j.kind.startsWith('datasets/')));
  const running = computed(() => datasetJobs.value.filter((j) => j.state === 'running'));
  /** The latest finished dataset job, when it failed or was cancelled (shown until the next one). */
  const lastProblem = computed(() => {
    const finished = datasetJobs.value.find((j) => j.state !== 'running');
    return finished && (finished.state === 'failed' || finished.state === 'cancelled') ? finished : null;
  });
  // MovieLens first (it is what the app needs), then the IMDb files in the order they build up.
  const order = ['movielens', 'imdb-basics', 'imdb-ratings', 'imdb-principals', 'imdb-names'];
  const rank = (kind: string) => (order.indexOf(kind) + order.length + 1) % (order.length + 1);
  const datasets = computed(() =>
    [...(overview.value?.datasets ?? [])].sort((a, b) => rank(a.kind) - rank(b.kind)),
  );

  return { overview, error, datasets, datasetJobs, running, lastProblem, load, acceptTerms, download };
});
