// The search domain in the UI: the global search box (open state, query, hits; the latest
// keystroke wins: older answers are dropped here, and main drops older queries not yet started),
// title pages, and the Letterboxd rows left to resolve.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SearchHit, TitlePage } from '../../../main/search/types.ts';
import type { LetterboxdOutcome, UnresolvedRow } from '../../../main/profile/letterboxd/types.ts';
import { invoke } from '../ipc/client.ts';

export const useSearchStore = defineStore('search', () => {
  const open = ref(false);
  const query = ref('');
  const hits = ref<SearchHit[]>([]);
  /** The query the hits answer (the box may already hold a newer one). */
  const answered = ref('');
  const busy = ref(false);
  const error = ref<string | null>(null);
  let asked = 0;

  async function run(q: string): Promise<void> {
    query.value = q;
    const mine = ++asked;
    if (q.trim() === '') {
      hits.value = [];
      answered.value = q;
      busy.value = false;
      return;
    }
    busy.value = true;
    try {
      const r = await invoke('search/query', { query: q, client: 'search-box', limit: 12 });
      if (mine !== asked || r.superseded) return; // a newer keystroke owns the list
      hits.value = r.hits;
      answered.value = q;
      error.value = null;
    } catch (err) {
      if (mine === asked) error.value = (err as Error).message;
    } finally {
      if (mine === asked) busy.value = false;
    }
  }

  function show(): void {
    open.value = true;
  }
  function hide(): void {
    open.value = false;
  }

  const title = (tconst: string): Promise<TitlePage> => invoke('search/title', { tconst });
  const unresolved = (importId: number): Promise<UnresolvedRow[]> =>
    invoke('search/unresolved', { importId });
  const resolve = (importId: number, row: number, tconst: string): Promise<LetterboxdOutcome> =>
    invoke('search/resolve', { importId, row, tconst });

  return { open, query, hits, answered, busy, error, run, show, hide, title, unresolved, resolve };
});
