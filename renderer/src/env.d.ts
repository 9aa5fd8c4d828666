import type { ReeltasteApi } from '../../main/ipc/contract.ts';

declare global {
  interface Window {
    api: ReeltasteApi;
  }
}
