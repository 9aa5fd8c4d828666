// Builds window.api from the contract's channel lists over any transport. The preload uses
// Electron's ipcRenderer; the e2e harness uses Playwright bindings. The function is self-contained
// (no imports used at run time) so the harness can inject its source text into a page.
import type { EventChannel, InvokeChannel, ReeltasteApi } from '../main/ipc/contract.ts';

export interface Transport {
  invoke(channel: string, input: unknown): Promise<unknown>;
  subscribe(event: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
}

export function buildApi(
  invokeNames: readonly InvokeChannel[],
  eventNames: readonly EventChannel[],
  transport: Transport,
): ReeltasteApi {
  const invokes = new Set<string>(invokeNames);
  const events = new Set<string>(eventNames);
  const api: ReeltasteApi = {
    invoke(channel, input) {
      if (!invokes.has(channel)) return Promise.reject(new Error(`Unknown IPC channel: ${String(channel)}`));
      return transport.invoke(channel, input) as ReturnType<ReeltasteApi['invoke']>;
    },
    on(event, listener) {
      if (!events.has(event)) throw new Error(`Unknown event channel: ${String(event)}`);
      return transport.subscribe(event, listener as (payload: unknown) => void);
    },
    pathForFile(file) {
      return transport.pathForFile(file);
    },
  };
  return Object.freeze(api);
}
