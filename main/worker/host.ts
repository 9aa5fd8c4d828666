// Main-side handle on the compute worker: starts it lazily, multiplexes jobs over one process,
// forwards cancel, and fails every in-flight job (instead of hanging) if the process dies. The next
// job starts a fresh process.
import { AppError } from '../errors.ts';
import type { JobProgress } from '../jobs/types.ts';
import type { AnyTaskMap, TaskEvent, TaskMap } from './contract.ts';
import type { FromWorker, WorkerChannel, WorkerSpawner } from './protocol.ts';

export interface RunOptions<E extends object = object> {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
  onEvent?(event: TaskEvent<E>): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  options: RunOptions<object>;
}

let nextId = 0;

/** M is the task map the worker serves: the app's, or a test fixture's. */
export class WorkerHost<M extends AnyTaskMap<M> = TaskMap> {
  private readonly spawner: WorkerSpawner;
  private channel: WorkerChannel | undefined;
  private readonly pending = new Map<string, Pending>();

  constructor(spawner: WorkerSpawner) {
    this.spawner = spawner;
  }

  get pid(): number | undefined {
    return this.channel?.pid;
  }

  run<N extends keyof M & string>(
    task: N,
    input: M[N]['input'],
    options: RunOptions<M[N]['events']> = {},
  ): Promise<M[N]['output']> {
    if (options.signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'Cancelled.'));
    const channel = this.ensure();
    const jobId = `w${++nextId}`;
    return new Promise<M[N]['output']>((resolve, reject) => {
      this.pending.set(jobId, {
        resolve: resolve as (v: unknown) => void,
        reject,
        options: options as RunOptions<object>,
      });
      options.signal?.addEventListener('abort', () => channel.send({ type: 'cancel', jobId }), {
        once: true,
      });
      channel.send({ type: 'start', jobId, task, input });
    });
  }

  /** Kills the process; in-flight jobs fail with WORKER_CRASHED. */
  kill(): void {
    this.channel?.kill();
  }

  shutdown(): void {
    const channel = this.channel;
    this.channel = undefined;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(new AppError('CANCELLED', 'The app is shutting down.'));
    }
    channel?.kill();
  }

  private ensure(): WorkerChannel {
    if (this.channel) return this.channel;
    const channel = this.spawner();
    this.channel = channel;
    channel.onMessage((m) => this.onMessage(m));
    channel.onExit((code, signal, failure) => {
      if (this.channel === channel) this.channel = undefined;
      const why = signal ? `signal ${signal}` : `exit code ${code}`;
      const message = failure
        ? `The compute worker could not be started (${failure}); nothing was saved.`
        : `The compute worker stopped unexpectedly (${why}); nothing was saved.`;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        if (p.options.signal?.aborted) p.reject(new AppError('CANCELLED', 'Cancelled.'));
        else p.reject(new AppError('WORKER_CRASHED', message));
      }
    });
    return channel;
  }

  private onMessage(m: FromWorker): void {
    // 'port-request' is the Electron spawner's business and never reaches the host.
    if (m.type === 'ready' || m.type === 'port-request') return;
    const p = this.pending.get(m.jobId);
    if (!p) return;
    switch (m.type) {
      case 'progress':
        p.options.onProgress?.(m.progress);
        break;
      case 'event':
        // The worker's task table is typed by the same map, so the name fixes the payload's type.
        p.options.onEvent?.({ name: m.name, data: m.data } as TaskEvent<object>);
        break;
      case 'done':
        this.pending.delete(m.jobId);
        p.resolve(m.result);
        break;
      case 'error':
        this.pending.delete(m.jobId);
        p.reject(new AppError(m.error.code, m.error.message));
        break;
    }
  }
}
