// The GPU provider on the other end of the compute window's port: what the compute worker uses
// inside Electron, where dawn.node cannot load. A job that is running when the port closes (the
// window crashed or was closed) fails as GPU_LOST; cancel is forwarded and honoured between
// submissions. Transport-neutral: Electron's MessagePortMain, a DOM MessagePort or a test bridge.
import { AppError } from '../../../errors.ts';
import { allowSoftwareGpu, type GpuProvider } from '../provider.ts';
import type { GpuJobOutcome } from '../run.ts';
import type { GpuStatus } from '../types.ts';
import type { FromCompute, ToCompute } from './protocol.ts';

export interface ComputeChannel {
  send(message: ToCompute, transfer: ArrayBuffer[]): void;
  onMessage(listener: (message: FromCompute) => void): void;
  onClose(listener: () => void): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onEvent?(m: FromCompute): void;
}

let nextId = 0;

export function computeWindowProvider(connect: () => Promise<ComputeChannel>): GpuProvider {
  let channel: Promise<ComputeChannel> | undefined;
  const pending = new Map<string, Pending>();

  const open = (): Promise<ComputeChannel> => {
    channel ??= connect().then((c) => {
      c.onMessage((m) => {
        const p = pending.get(m.id);
        if (!p) return;
        if (m.type === 'progress' || m.type === 'epoch') p.onEvent?.(m);
        else {
          pending.delete(m.id);
          if (m.type === 'error') p.reject(new AppError(m.error.code, m.error.message));
          else p.resolve(m.type === 'done' ? m.outcome : m.status);
        }
      });
      c.onClose(() => {
        channel = undefined;
        for (const [id, p] of pending) {
          pending.delete(id);
          p.reject(
            new AppError(
              'GPU_LOST',
              'The GPU compute window stopped during the job (it crashed or was closed); nothing was saved.',
            ),
          );
        }
      });
      return c;
    });
    channel.catch(() => (channel = undefined));
    return channel;
  };

  const call = async <T>(message: ToCompute, onEvent?: Pending['onEvent']): Promise<T> => {
    const c = await open();
    return new Promise<T>((resolve, reject) => {
      pending.set(message.id, { resolve: resolve as (v: unknown) => void, reject, onEvent });
      // Copied, not transferred: if "auto" declines the GPU, the CPU trains on the same matrix.
      c.send(message, []);
    });
  };

  return {
    status() {
      return call<GpuStatus>({ type: 'status', id: `s${++nextId}`, allowSoftware: allowSoftwareGpu() });
    },
    async run(job, hooks) {
      const id = `g${++nextId}`;
      const onAbort = () => void open().then((c) => c.send({ type: 'cancel', id }, []));
      hooks.signal?.addEventListener('abort', onAbort, { once: true });
      try {
        return await call<GpuJobOutcome>({ type: 'train', id, job }, (m) => {
          if (m.type === 'progress') hooks.onProgress?.(m.progress);
          else if (m.type === 'epoch') hooks.onEpoch?.(m.metrics);
        });
      } finally {
        hooks.signal?.removeEventListener('abort', onAbort);
      }
    },
  };
}
