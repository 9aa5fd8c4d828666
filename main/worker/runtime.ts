// Runs inside the worker process: receives start/cancel, runs the named task with an abort signal,
// throttles its progress, and reports done/error. Works under Electron's utilityProcess
// (process.parentPort) and under child_process.fork (process.send), so one entry file serves both.
import { AppError, toErrorShape } from '../errors.ts';
import { Throttle } from '../jobs/progress.ts';
import type { JobProgress } from '../jobs/types.ts';
import type { AnyTaskMap } from './contract.ts';
import type { FromWorker, ToWorker, WorkerPortName } from './protocol.ts';
import type { TaskContext, TaskTable } from './task.ts';

interface ParentPort {
  on(event: 'message', listener: (e: { data: ToWorker; ports?: unknown[] }) => void): void;
  postMessage(message: FromWorker): void;
}

interface PortWaiter {
  resolve(port: unknown): void;
  reject(err: Error): void;
}
const portWaiters = new Map<WorkerPortName, PortWaiter[]>();

/**
 * Asks main for a MessagePort (Electron's utility process only; main's spawner answers with a
 * 'port' message carrying it). Resolves with Electron's MessagePortMain.
 */
export function requestPort(name: WorkerPortName): Promise<unknown> {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!parentPort)
    return Promise.reject(new Error('ports are only available in an Electron utility process'));
  return new Promise((resolve, reject) => {
    portWaiters.set(name, [...(portWaiters.get(name) ?? []), { resolve, reject }]);
    parentPort.postMessage({ type: 'port-request', name });
  });
}

export function runWorker<M extends AnyTaskMap<M>>(tasks: TaskTable<keyof M & string, M>): void {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (!parentPort && !process.send) throw new Error('worker started without an IPC channel');
  // The parent gone (the CLI killed, the app crashed): nobody wants the result. Exit quietly
  // instead of dying on the next progress message with an unhandled EPIPE.
  const orphaned = () => process.exit(0);
  const post: (m: FromWorker) => void = parentPort
    ? (m) => parentPort.postMessage(m)
    : (m) => {
        if (!process.connected) return orphaned();
        process.send!(m, undefined, {}, (err) => {
          if (err) orphaned();
        });
      };
  if (!parentPort) {
    process.on('disconnect', orphaned);
    // A send that fails after the channel closed is reported here too, not only to its callback.
    process.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE' || err.code === 'ERR_IPC_CHANNEL_CLOSED') orphaned();
      else throw err;
    });
  }
  const running = new Map<string, AbortController>();

  const onMessage = (msg: ToWorker): void => {
    if (msg.type === 'cancel') {
      running.get(msg.jobId)?.abort();
      return;
    }
    if (msg.type === 'port') return;
    const task = Object.hasOwn(tasks, msg.task)
      ? (tasks[msg.task as keyof M & string] as (
          input: unknown,
          ctx: TaskContext<object>,
        ) => Promise<unknown>)
      : undefined;
    if (!task) {
      post({
        type: 'error',
        jobId: msg.jobId,
        error: { code: 'INTERNAL', message: `Unknown worker task: ${msg.task}` },
      });
      return;
    }
    const controller = new AbortController();
    running.set(msg.jobId, controller);
    const progress = new Throttle<JobProgress>((p) =>
      post({ type: 'progress', jobId: msg.jobId, progress: p }),
    );
    const ctx: TaskContext<object> = {
      signal: controller.signal,
      progress: (p) => progress.push(p),
      event(name: string, data: unknown) {
        post({ type: 'event', jobId: msg.jobId, name, data });
      },
    };
    task(msg.input, ctx)
      .then((result) => {
        if (controller.signal.aborted) throw Object.assign(new Error('Cancelled.'), { code: 'CANCELLED' });
        post({ type: 'done', jobId: msg.jobId, result });
      })
      .catch((err: unknown) => {
        const shape = controller.signal.aborted
          ? { code: 'CANCELLED' as const, message: 'Cancelled.' }
          : toErrorShape(err);
        post({ type: 'error', jobId: msg.jobId, error: shape });
      })
      .finally(() => {
        progress.cancel();
        running.delete(msg.jobId);
      });
  };

  if (parentPort)
    parentPort.on('message', (e) => {
      if (e.data.type === 'port') answerPortWaiter(e.data, e.ports?.[0]);
      onMessage(e.data);
    });
  else process.on('message', (m) => onMessage(m as ToWorker));
  post({ type: 'ready', pid: process.pid });
}

function answerPortWaiter(m: Extract<ToWorker, { type: 'port' }>, port: unknown): void {
  const waiter = portWaiters.get(m.name)?.shift();
  if (!waiter) return;
  if (port && !m.error) waiter.resolve(port);
  else
    waiter.reject(
      new AppError('GPU_UNAVAILABLE', `the ${m.name} port could not be opened: ${m.error ?? 'none sent'}`),
    );
}

/** Lets queued messages (cancel!) in between chunks of synchronous work. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
