// The recommend domain in the UI: the current list (a refresh keeps its seed until you ask for a new
// draw, so a mark or a filter change never reshuffles what you were looking at), the filters, your
// watchlist and other marks, the open title's details, and marks with an Undo toast.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type {
  GenreMode,
  Mark,
  MarkedTitle,
  RecommendResult,
  TitleDetails,
  TitleKind,
} from '../../../main/recommend/types.ts';
import { invoke, on } from '../ipc/client.ts';
import { useToastsStore } from './toasts.ts';
import { ON_DEPTH, useWhereStore } from './where.ts';

export interface Filters {
  genres: string[];
  genreMode: GenreMode;
  yearMin: number | null;
  yearMax: number | null;
  minVotes: number;
  runtimeMin: number | null;
  runtimeMax: number | null;
  type: TitleKind | 'all';
}

const MARK_WORDS: Record<Mark, string> = {
  seen: 'Marked as seen',
  watchlist: 'Saved to your watchlist',
  'not-interested': 'Marked not interested',
};

/** Filters that let every title through: the grid's start and its "Clear filters". */
export function noFilters(): Filters {
  return {
    genres: [],
    genreMode: 'any',
    yearMin: null,
    yearMax: null,
    minVotes: 0,
    runtimeMin: null,
    runtimeMax: null,
    type: 'all',
  };
}

export const useRecommendStore = defineStore('recommend', () => {
  const toasts = useToastsStore();
  const where = useWhereStore();
  const result = ref<RecommendResult | null>(null);
  const error = ref<string | null>(null);
  const loading = ref(false);
  const genres = ref<string[]>([]);
  const marks = ref<MarkedTitle[]>([]);
  const details = ref<TitleDetails | null>(null);
  const detailsError = ref<string | null>(null);
  const topN = ref(120);
  const explore = ref<number | null>(null);
  let seed: number | undefined;
  const filters = reactive<Filters>(noFilters());

  function request() {
    const f = filters;
    return {
      // "On my services" / "free": a deep ranking, filtered in main to what you can watch.
      topN: where.active ? ON_DEPTH : topN.value,
      ...(seed !== undefined ? { seed } : {}),
      ...(explore.value !== null ? { explore: explore.value } : {}),
      ...(f.genres.length ? { genres: [...f.genres], genreMode: f.genreMode } : {}),
      ...(f.yearMin !== null ? { yearMin: f.yearMin } : {}),
      ...(f.yearMax !== null ? { yearMax: f.yearMax } : {}),
      ...(f.minVotes > 0 ? { minVotes: f.minVotes } : {}),
      ...(f.runtimeMin !== null ? { runtimeMin: f.runtimeMin } : {}),
      ...(f.runtimeMax !== null ? { runtimeMax: f.runtimeMax } : {}),
      ...(f.type !== 'all' ? { type: f.type } : {}),
    };
  }

  let pending = 0;
  /** Scores again; `newDraw` picks a fresh seed (the Refresh button), otherwise the list stays put. */
  async function refresh(newDraw = false): Promise<void> {
    if (newDraw) seed = undefined;
    const ticket = ++pending;
    loading.value = true;
    try {
      const r = await invoke('recommend/refresh', request());
      if (ticket !== pending) return; // a newer refresh overtook this one
      if (where.active) {
        const keep = await where.apply(r.items.map((x) => x.tconst));
        if (ticket !== pending) return;
        r.items = r.items.filter((x) => keep.has(x.tconst));
      } else void where.badges(r.items.map((x) => x.tconst)).catch(() => {});
      result.value = r;
      seed = r.seed;
      if (explore.value === null) explore.value = r.explore;
      error.value = null;
    } catch (err) {
      if (ticket === pending) error.value = (err as Error).message;
    } finally {
      if (ticket === pending) loading.value = false;
    }
  }

  async function loadMarks(): Promise<void> {
    marks.value = await invoke('recommend/marks', {});
  }

  async function load(): Promise<void> {
    try {
      genres.value = await invoke('recommend/genres');
      await Promise.all([refresh(), loadMarks()]);
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function open(tconst: string): Promise<void> {
    detailsError.value = null;
    try {
      details.value = await invoke('recommend/details', { tconst });
    } catch (err) {
      details.value = null;
      detailsError.value = (err as Error).message;
    }
  }

  function close(): void {
    details.value = null;
    detailsError.value = null;
  }

  /** Sets a mark (null clears it); the toast's Undo puts the previous one back. */
  async function mark(tconst: string, to: Mark | null, title: string): Promise<void> {
    try {
      const change = await invoke('recommend/mark', { tconst, mark: to });
      await afterMark(tconst);
      const text = to ? `${MARK_WORDS[to]}: ${title}.` : `${title} is no longer marked.`;
      toasts.show('success', text, {
        label: 'Undo',
        run: () => void undo(tconst, change.previous, title),
      });
    } catch (err) {
      toasts.show('error', (err as Error).message);
    }
  }

  async function undo(tconst: string, previous: Mark | null, title: string): Promise<void> {
    try {
      await invoke('recommend/mark', { tconst, mark: previous });
      await afterMark(tconst);
      toasts.show('info', `Undone: ${title} is back as it was.`);
    } catch (err) {
      toasts.show('error', (err as Error).message);
    }
  }

  async function afterMark(tconst: string): Promise<void> {
    // Same seed: the list is the one you were looking at, minus (or plus) this title. (A mark made
    // on a title's page before the list was ever shown has no list to refresh.)
    await Promise.all([result.value ? refresh() : Promise.resolve(), loadMarks()]);
    if (details.value?.tconst === tconst) await open(tconst);
  }

  const watchlist = computed(() => marks.value.filter((m) => m.mark === 'watchlist'));
  const hidden = computed(() => marks.value.filter((m) => m.mark !== 'watchlist'));

  // A new fit (a rating, an import, an answer), another model or a newly trained implicit model
  // changes the scores: the list is scored again while the Recommendations view is open (`follow`);
  // it scores on opening anyway.
  let followers = 0;
  function follow(): () => void {
    followers++;
    return () => void followers--;
  }
  const stale = () => {
    if (followers > 0 && result.value) void refresh();
  };
  on('profile/changed', (e) => {
    if (e.changed.includes('fit') || e.changed.includes('ratings')) stale();
  });
  on('model/changed', stale);
  on('datasets/changed', stale);
  on('recommend/invalidated', stale);

  return {
    follow,
    result,
    error,
    loading,
    genres,
    marks,
    watchlist,
    hidden,
    details,
    detailsError,
    filters,
    topN,
    explore,
    load,
    refresh,
    open,
    close,
    mark,
  };
});
