// Preference elicitation in the UI: the arena session (pair, meter, top movement) and the rate flow
// (title search, steps, interval). Every action is an invoke; main holds the sessions. A second
// click while one answer is on its way is ignored, so a double click cannot answer twice.
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type {
  ArenaAnswer,
  ArenaRule,
  ArenaState,
  RateAnswer,
  RateMatch,
  RateResult,
  RateState,
} from '../../../main/elicit/types.ts';
import { invoke } from '../ipc/client.ts';
import { useProfileStore } from './profile.ts';
import { useToastsStore } from './toasts.ts';

export const useElicitStore = defineStore('elicit', () => {
  const toasts = useToastsStore();
  const profile = useProfileStore();
  const rule = ref<ArenaRule>('info');
  const arena = ref<ArenaState | null>(null);
  const error = ref<string | null>(null);
  const busy = ref(false);

  async function act<T>(run: () => Promise<T>): Promise<T | undefined> {
    if (busy.value) return undefined;
    busy.value = true;
    try {
      const value = await run();
      error.value = null;
      return value;
    } catch (err) {
      error.value = (err as Error).message;
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  /** A new arena state; then the top of your recommendations is read again, off the answer's path. */
  function show(state: ArenaState | undefined): void {
    if (!state) return;
    arena.value = state;
    const mine = ++topReads;
    invoke('elicit/arenaTop', { sessionId: state.sessionId })
      .then((withTop) => {
        // Only the list: a later answer's pair must not be replaced by this older state.
        if (mine === topReads && arena.value?.sessionId === withTop.sessionId)
          arena.value = { ...arena.value, top: withTop.top, droppedOut: withTop.droppedOut };
      })
      .catch(() => {}); // the list keeps its last reading
  }
  let topReads = 0;

  async function startArena(next: ArenaRule = rule.value): Promise<void> {
    rule.value = next;
    show(await act(() => invoke('elicit/arenaStart', { rule: next })));
  }

  async function answer(a: ArenaAnswer, side?: 'a' | 'b'): Promise<void> {
    const sessionId = arena.value?.sessionId;
    if (!sessionId || !arena.value?.pair) return;
    show(await act(() => invoke('elicit/arenaAnswer', { sessionId, answer: a, side })));
  }

  async function undo(): Promise<void> {
    const sessionId = arena.value?.sessionId;
    if (!sessionId || !arena.value?.canUndo) return;
    show(await act(() => invoke('elicit/arenaUndo', { sessionId })));
  }

  /** After an undo the fit is redone in the background: read the meter again once it lands. */
  async function refresh(): Promise<void> {
    const sessionId = arena.value?.sessionId;
    if (!sessionId || busy.value) return;
    try {
      arena.value = await invoke('elicit/arenaState', { sessionId });
    } catch {
      // The session is gone (the app restarted): the next action starts a new one.
    }
  }

  // The rate flow.
  const matches = ref<RateMatch[]>([]);
  const rating = ref<RateState | null>(null);
  const saved = ref<RateResult | null>(null);
  let query = 0;

  /** Latest query wins: an answer to an older query is dropped. */
  async function search(text: string, year?: number): Promise<void> {
    const mine = ++query;
    try {
      const found = await invoke('elicit/findTitles', { query: text, year });
      if (mine === query) matches.value = found;
    } catch (err) {
      if (mine === query) error.value = (err as Error).message;
    }
  }

  async function startRating(tconst: string, maxSteps: number): Promise<void> {
    saved.value = null;
    const state = await act(() => invoke('elicit/rateStart', { tconst, maxSteps }));
    if (state) rating.value = state;
  }

  async function rateAnswer(a: RateAnswer): Promise<void> {
    const sessionId = rating.value?.sessionId;
    if (!sessionId || rating.value?.done) return;
    const state = await act(() => invoke('elicit/rateAnswer', { sessionId, answer: a }));
    if (state) rating.value = state;
  }

  async function rateUndo(): Promise<void> {
    const sessionId = rating.value?.sessionId;
    if (!sessionId || !rating.value?.canUndo) return;
    const state = await act(() => invoke('elicit/rateUndo', { sessionId }));
    if (state) rating.value = state;
  }

  async function save(): Promise<void> {
    const current = rating.value;
    if (!current?.done || current.saved) return;
    const result = await act(() => invoke('elicit/rateSave', { sessionId: current.sessionId }));
    if (!result) return;
    saved.value = result;
    rating.value = { ...current, saved: true, canUndo: false };
    toasts.show('success', `Rated ${result.title} ${result.rating}/10.`, {
      label: 'Undo',
      run: () => void profile.undoRate(result.tconst),
    });
  }

  function closeRating(): void {
    rating.value = null;
    saved.value = null;
  }

  return {
    rule,
    arena,
    error,
    busy,
    startArena,
    answer,
    undo,
    refresh,
    matches,
    rating,
    saved,
    search,
    startRating,
    rateAnswer,
    rateUndo,
    save,
    closeRating,
  };
});
