// The compute worker's contract: every task by name, with its input, its result and the events it
// may send while it runs. Typed like the IPC contract: the host, the worker and the domains' task
// tables are all checked against this map, so a task's data never needs a cast. The map is composed
// from parts: each domain's types.ts adds its tasks (declaration merging), so this file names none.
/** Which runtime the worker has: shown in Settings, and a cheap liveness check. */
export interface WorkerDiagnostics {
  pid: number;
  node: string;
  electron: string | null;
  platform: string;
}

export type NoEvents = Record<never, never>;

export interface TaskMap {
  diagnostics: { input: null; output: WorkerDiagnostics; events: NoEvents };
}

/** The shape any task map has (the app's, or a test's). */
export type AnyTaskMap<M = Record<string, unknown>> = {
  [K in keyof M]: { input: unknown; output: unknown; events: object };
};

/** One event a task of map M sends: { name, data } with the data typed by the name. */
export type TaskEvent<E extends object> = { [K in keyof E & string]: { name: K; data: E[K] } }[keyof E &
  string];
