// The profile domain in the UI: overview (counts, last import, fit), your ratings with predictions,
// comparisons, taste factors and the quick-start strip. Loads by invoke; a 'profile/changed' event
// brings the new overview with it, and the lists are read again only while the Profile view is
// open (`follow`) and only those that changed: otherwise they are read when it next opens.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  ComparisonRecord,
  ExportedFile,
  FactorInsight,
  ImportRow,
  ProfileChange,
  ProfileOverview,
  ProfileRating,
  QuickStartFilm,
} from '../../../main/profile/types.ts';
import { invoke, on } from '../ipc/client.ts';
import { useJobsStore } from './jobs.ts';
import { useToastsStore } from './toasts.ts';

export const useProfileStore = defineStore('profile', () => {
  const overview = ref<ProfileOverview | null>(null);
  const ratings = ref<ProfileRating[]>([]);
  const comparisons = ref<ComparisonRecord[]>([]);
  const factors = ref<FactorInsight[]>([]);
  const quickStart = ref<QuickStartFilm[]>([]);
  const error = ref<string | null>(null);
  const loading = ref(false);
  const jobs = useJobsStore();
  const toasts = useToastsStore();

  async function load(): Promise<void> {
    loading.value = true;
    try {
      overview.value = await invoke('profile/overview');
      [ratings.value, comparisons.value, factors.value, quickStart.value] = await Promise.all([
        invoke('profile/ratings'),
        invoke('profile/comparisons'),
        invoke('profile/factors'),
        invoke('profile/quickstart'),
      ]);
      error.value = null;
    } catch (err) {
      error.value = (err as Error).message;
    } finally {
      loading.value = false;
    }
  }

  async function importRows(importId: number): Promise<ImportRow[]> {
    return invoke('profile/importRows', { importId });
  }

  /** Rates a title in the app; the toast offers Undo, which restores whatever was there before. */
  async function rate(tconst: string, rating: number, title = tconst): Promise<void> {
    overview.value = await invoke('profile/rate', { tconst, rating });
    toasts.show('success', `Rated ${title} ${rating}/10.`, {
      label: 'Undo',
      run: () => void undoRate(tconst),
    });
  }

  async function undoRate(tconst: string): Promise<void> {
    try {
      overview.value = await invoke('profile/undoRate', { tconst });
    } catch (err) {
      toasts.show('error', (err as Error).message);
    }
  }

  async function refit(): Promise<string> {
    return (await invoke('profile/update')).jobId;
  }

  async function exportData(format: 'json' | 'csv'): Promise<ExportedFile[]> {
    return invoke('profile/export', { format });
  }

  /** The running import or fit, for the in-view progress bar. */
  const running = computed(
    () => jobs.running.find((j) => j.kind === 'profile/import' || j.kind === 'profile/fit') ?? null,
  );
  /** The latest finished import job's outcome (with its fit), shown until the next one. */
  const lastOutcome = computed(() => {
    for (const job of jobs.all)
      if (job.kind === 'profile/import' && job.state !== 'running')
        return { state: job.state, result: job.result, error: job.error };
    return null;
  });

  /** Views showing the lists (the Profile view): the lists follow changes only while one is open. */
  let followers = 0;
  function follow(): () => void {
    followers++;
    return () => void followers--;
  }
  on('profile/changed', (e) => {
    overview.value = e.overview;
    if (followers > 0) void reload(e.changed);
  });
  // Another model predicts differently: ratings' predictions and the taste factors change.
  on('model/changed', () => {
    if (followers > 0) void load();
  });

  /** What a change touches: new ratings or a new fit change predictions, factors and the quick start. */
  async function reload(changed: readonly ProfileChange[]): Promise<void> {
    try {
      const fitOrRatings = changed.includes('fit') || changed.includes('ratings');
      const [r, c, f, q] = await Promise.all([
        fitOrRatings ? invoke('profile/ratings') : null,
        changed.includes('comparisons') ? invoke('profile/comparisons') : null,
        fitOrRatings ? invoke('profile/factors') : null,
        changed.includes('ratings') ? invoke('profile/quickstart') : null,
      ]);
      if (r) ratings.value = r;
      if (c) comparisons.value = c;
      if (f) factors.value = f;
      if (q) quickStart.value = q;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  return {
    follow,
    overview,
    ratings,
    comparisons,
    factors,
    quickStart,
    error,
    loading,
    running,
    lastOutcome,
    load,
    importRows,
    rate,
    undoRate,
    refit,
    exportData,
  };
});
