// What a worker task receives and how a domain declares its tasks. Domains write
// `export const modelTasks: TaskTable<'train' | ...> = {...}` and the worker's entry merges them.
import type { JobProgress } from '../jobs/types.ts';
import type { AnyTaskMap, TaskMap } from './contract.ts';

export interface TaskContext<E extends object = Record<never, never>> {
  signal: AbortSignal;
  /** Throttled to ~10 Hz by the runtime; intermediate values may be dropped. */
  progress(p: JobProgress): void;
  /** Never dropped (e.g. one per training epoch). */
  event<K extends keyof E & string>(name: K, data: E[K]): void;
}

export type TaskHandler<M extends AnyTaskMap<M>, N extends keyof M> = (
  input: M[N]['input'],
  ctx: TaskContext<M[N]['events']>,
) => Promise<M[N]['output']>;

/** A table of tasks of map M (the app's TaskMap unless a test brings its own). */
export type TaskTable<N extends keyof M, M extends AnyTaskMap<M> = TaskMap> = { [K in N]: TaskHandler<M, K> };
