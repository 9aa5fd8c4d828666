// Messages between the main process (or CLI) and the compute worker. A discriminated union both
// ways; every message after 'ready' names the job it belongs to. Task names, inputs, results and
// event payloads are typed by the task map (contract.ts) at both ends, not here.
import type { ApiErrorShape } from '../errors.ts';
import type { JobProgress } from '../jobs/types.ts';

export type ToWorker =
  | { type: 'start'; jobId: string; task: string; input: unknown }
  | { type: 'cancel'; jobId: string }
  /**
   * Electron only: the MessagePort the worker asked for comes with this message (e.ports[0]), or
   * `error` says why main could not open it.
   */
  | { type: 'port'; name: WorkerPortName; error?: string };

/** Ports the worker can ask main for (Electron only): 'gpu' leads to the GPU compute window. */
export type WorkerPortName = 'gpu';

export type FromWorker =
  | { type: 'ready'; pid: number }
  /** Throttled to ~10 Hz inside the worker; intermediate values may be dropped. */
  | { type: 'progress'; jobId: string; progress: JobProgress }
  /** Never dropped (e.g. one per training epoch). */
  | { type: 'event'; jobId: string; name: string; data: unknown }
  | { type: 'done'; jobId: string; result: unknown }
  | { type: 'error'; jobId: string; error: ApiErrorShape }
  /** Electron only, answered by the spawner (not the host): please send a port to `name`. */
  | { type: 'port-request'; name: WorkerPortName };

/** The transport under the protocol: Electron's utilityProcess or Node's child_process. */
export interface WorkerChannel {
  send(message: ToWorker): void;
  onMessage(listener: (message: FromWorker) => void): void;
  /** Also called (with `failure`) when the process could not be started at all. */
  onExit(listener: (code: number | null, signal: string | null, failure?: string) => void): void;
  kill(): void;
  readonly pid: number | undefined;
}

export type WorkerSpawner = () => WorkerChannel;
