// Where to watch in the recommendations: the "On my services" and "free" filters, and what is known
// of each listed title (on your services, or unknown) for the grid's badges. The filter walks a
// ranking ON_DEPTH deep in main (availability prefetched through the TMDB gate) so the grid still
// shows WANT titles you can watch; titles of unknown availability stay in, marked unknown.
import { defineStore } from 'pinia';
import { computed, reactive, ref } from 'vue';
import type { WhereFilterResult, WhereMark, WhereSettings } from '../../../main/where/types.ts';
import { invoke } from '../ipc/client.ts';

export const ON_DEPTH = 300;
export const WANT = 30;

export const useWhereStore = defineStore('where', () => {
  const filter = reactive({ onServices: false, free: false });
  const marks = ref(new Map<string, WhereMark>());
  const summary = ref<WhereFilterResult | null>(null);
  const settings = ref<WhereSettings | null>(null);
  const active = computed(() => filter.onServices || filter.free);

  async function loadSettings(): Promise<WhereSettings> {
    settings.value = await invoke('where/settings');
    return settings.value;
  }

  /** The filtered ranking (the first WANT you can watch, unknowns kept), in rank order. */
  async function apply(tconsts: string[]): Promise<Set<string>> {
    await loadSettings();
    const f = await invoke('where/filter', {
      tconsts,
      onServices: filter.onServices,
      free: filter.free,
      want: WANT,
    });
    summary.value = f;
    marks.value = new Map(f.items.map((x) => [x.tconst, x]));
    return new Set(f.items.map((x) => x.tconst));
  }

  /** Badges for an unfiltered list: asked in the background, only when you chose services. */
  async function badges(tconsts: string[]): Promise<void> {
    const s = await loadSettings();
    summary.value = null;
    if (!s.services.length) {
      marks.value = new Map();
      return;
    }
    const f = await invoke('where/filter', { tconsts, onServices: true, want: 200 });
    if (!active.value) marks.value = new Map(f.items.map((x) => [x.tconst, x]));
  }

  return { filter, marks, summary, settings, active, apply, badges, loadSettings };
});
