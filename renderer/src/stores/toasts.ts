// Short messages for the user (a rejected drop, a finished import), with an optional undo action.
import { defineStore } from 'pinia';
import { ref } from 'vue';

export interface Toast {
  id: number;
  kind: 'info' | 'error' | 'success';
  text: string;
  action?: { label: string; run: () => void };
}

let next = 0;

export const useToastsStore = defineStore('toasts', () => {
  const items = ref<Toast[]>([]);
  function show(
    kind: Toast['kind'],
    text: string,
    action?: Toast['action'],
    ms = kind === 'error' ? 12000 : 5000,
  ) {
    const toast = { id: ++next, kind, text, action };
    items.value.push(toast);
    setTimeout(() => dismiss(toast.id), ms);
  }
  function dismiss(id: number) {
    items.value = items.value.filter((t) => t.id !== id);
  }
  return { items, show, dismiss };
});
