// The GPU provider on the other end of the compute window's port: what the compute worker uses
// inside Electron, where dawn.node cannot load. Its trainers are proxies: each epoch, finalize and
// close is a request to the window. A request in flight when the port closes (the window crashed
// or was closed) fails as GPU_LOST; a cancel is forwarded and honoured between submissions.
// Transport-neutral: Electron's MessagePortMain, a DOM MessagePort or a test bridge.
import { AppError } from '../../../../errors.ts';
import type { JobProgress } from '../../../../jobs/types.ts';
import type { TrainOptions } from '../../../options.ts';
import { cancelledError, type EpochHooks, type EpochTrainer, type TrainResult } from '../../../trainer.ts';
import type { EpochMetrics } from '../../../types.ts';
import { allowSoftwareGpu, type GpuProvider } from '../../provider.ts';
import type { FromCompute, Opened, ToCompute } from '../protocol.ts';

export interface ComputeChannel {
  send(message: ToCompute): void;
  onMessage(listener: (message: FromCompute) => void): void;
  onClose(listener: () => void): void;
}

interface Pending {
  resolve(value: FromCompute): void;
  reject(err: Error): void;
  onProgress?(p: JobProgress): void;
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
        if (m.type === 'progress') p.onProgress?.(m.progress);
        else {
          pending.delete(m.id);
          if (m.type === 'error') p.reject(new AppError(m.error.code, m.error.message));
          else p.resolve(m);
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

  /** Sends a request and waits for its answer (typed by the answer's `type`). */
  const call = async <T extends FromCompute['type']>(
    message: ToCompute & { id: string },
    onProgress?: Pending['onProgress'],
  ): Promise<Extract<FromCompute, { type: T }>> => {
    const c = await open();
    return new Promise((resolve, reject) => {
      pending.set(message.id, { resolve: resolve as (m: FromCompute) => void, reject, onProgress });
      // Copied, not transferred: if "auto" declines the GPU, the CPU trains on the same matrix.
      c.send(message);
    });
  };

  return {
    async status() {
      const m = await call<'status'>({
        type: 'status',
        id: `s${++nextId}`,
        allowSoftware: allowSoftwareGpu(),
      });
      return m.status;
    },
    async open(job, hooks) {
      const id = `o${++nextId}`;
      const { opened } = await call<'opened'>({ type: 'open', id, job }, hooks.onProgress);
      if (!opened.ok) return opened;
      const send = (m: ToCompute) => void open().then((c) => c.send(m));
      return {
        ok: true,
        trainer: new RemoteTrainer(opened, call, send),
        adapter: opened.adapter,
        selfTest: opened.selfTest,
      };
    },
  };
}

type Call = <T extends FromCompute['type']>(
  message: ToCompute & { id: string },
  onProgress?: (p: JobProgress) => void,
) => Promise<Extract<FromCompute, { type: T }>>;

/** The worker's handle on a trainer that lives in the compute window. */
class RemoteTrainer implements EpochTrainer {
  readonly options: TrainOptions;
  readonly epochs: EpochMetrics[] = [];
  private readonly name: string;
  private readonly call: Call;
  private readonly send: (m: ToCompute) => void;

  constructor(opened: Extract<Opened, { ok: true }>, call: Call, send: (m: ToCompute) => void) {
    this.options = opened.options;
    this.name = opened.trainer;
    this.call = call;
    this.send = send;
  }

  /** Set from the window's answer: its trainer decides (early stopping included). */
  private remoteDone = false;

  get done(): boolean {
    return this.remoteDone || this.epochs.length >= this.options.epochs;
  }

  async trainEpoch(hooks: EpochHooks = {}): Promise<EpochMetrics> {
    if (hooks.signal?.aborted) throw cancelledError();
    const id = `e${++nextId}`;
    const onAbort = () => this.send({ type: 'cancel', id });
    hooks.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const { metrics, done } = await this.call<'epoch'>(
        { type: 'epoch', id, trainer: this.name },
        hooks.onProgress,
      );
      this.epochs.push(metrics);
      this.remoteDone = done;
      return metrics;
    } finally {
      hooks.signal?.removeEventListener('abort', onAbort);
    }
  }

  async finalize(keepState = false): Promise<TrainResult> {
    const id = `f${++nextId}`;
    return (await this.call<'result'>({ type: 'finalize', id, trainer: this.name, keepState })).result;
  }

  close(): void {
    this.send({ type: 'close', trainer: this.name });
  }
}
