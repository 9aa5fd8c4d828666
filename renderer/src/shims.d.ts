// Ambient module shapes for non-TS imports (kept apart from env.d.ts, which is a module).
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare module '*.css';
