import type { ReeltasteApi } from '../../main/ipc/contract.ts';

declare global {
  interface Window {
    api: ReeltasteApi;
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare module '*.css';
