// The compute window's side of the port: GPU trainers on Chromium's WebGPU (navigator.gpu), the
// same driver and kernels as the Node worker, one device per trainer. A lost device fails the
// request that meets it; the window stays for the next trainer.
import { AppError, toErrorShape } from '../../../../errors.ts';
import type { JobProgress } from '../../../../jobs/types.ts';
import { jsKernel } from '../../../kernel-js.ts';
import { adapterStatusReason, deviceDescriptor, summarizeAdapter } from '../../adapter.ts';
import { openGpuTrainer, type GpuJob } from '../../run.ts';
import type { GpuTrainer } from '../../trainer.ts';
import type { GpuStatus } from '../../types.ts';
import type { FromCompute, Opened, ToCompute } from '../protocol.ts';

export interface PortLike {
  postMessage(message: FromCompute): void;
}

export function serveCompute(port: PortLike, gpu: GPU | undefined): (message: ToCompute) => void {
  const trainers = new Map<string, GpuTrainer>();
  const requests = new Map<string, AbortController>();
  const post = (m: FromCompute) => port.postMessage(m);
  const noGpu = 'this Chromium offers no WebGPU (navigator.gpu is missing)';
  let nextTrainer = 0;

  async function status(allowSoftware: boolean): Promise<GpuStatus> {
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter)
      return {
        available: false,
        adapter: null,
        reason: gpu ? 'no WebGPU adapter (no usable GPU driver)' : noGpu,
        runtime: 'compute-window',
      };
    const summary = summarizeAdapter(adapter);
    return {
      available: true,
      adapter: summary,
      reason: adapterStatusReason({ ...summary, software: summary.software && !allowSoftware }),
      runtime: 'compute-window',
    };
  }

  async function open(id: string, job: GpuJob): Promise<Opened> {
    const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
    if (!adapter) return { ok: false, adapter: null, reason: gpu ? 'no WebGPU adapter' : noGpu };
    const device = await adapter.requestDevice(deviceDescriptor(adapter));
    const summary = summarizeAdapter(adapter);
    const hooks = { onProgress: (progress: JobProgress) => post({ type: 'progress', id, progress }) };
    // The page has no native addon: the self-test's CPU reference is the TypeScript kernel.
    const out = await openGpuTrainer(device, summary, job, hooks, jsKernel, () => device.destroy());
    if (!out.ok) return out;
    const name = `t${++nextTrainer}`;
    trainers.set(name, out.trainer);
    return {
      ok: true,
      trainer: name,
      options: out.trainer.options,
      adapter: summary,
      selfTest: out.trainer.info.selfTest,
    };
  }

  function trainer(name: string): GpuTrainer {
    const t = trainers.get(name);
    if (!t)
      throw new AppError(
        'GPU_LOST',
        'The GPU trainer is gone (the compute window restarted); nothing was saved.',
      );
    return t;
  }

  function answer(id: string, work: () => Promise<FromCompute>): void {
    work().then(post, (err: unknown) => post({ type: 'error', id, error: toErrorShape(err) }));
  }

  return (m) => {
    switch (m.type) {
      case 'status':
        answer(m.id, async () => ({ type: 'status', id: m.id, status: await status(m.allowSoftware) }));
        break;
      case 'open':
        answer(m.id, async () => ({ type: 'opened', id: m.id, opened: await open(m.id, m.job) }));
        break;
      case 'epoch': {
        const controller = new AbortController();
        requests.set(m.id, controller);
        answer(m.id, async () => {
          try {
            const t = trainer(m.trainer);
            const metrics = await t.trainEpoch({
              signal: controller.signal,
              onProgress: (progress) => post({ type: 'progress', id: m.id, progress }),
            });
            // The window's trainer decides when training is over (early stopping included).
            return { type: 'epoch', id: m.id, metrics, done: t.done };
          } finally {
            requests.delete(m.id);
          }
        });
        break;
      }
      case 'finalize':
        // Copied, not transferred, over the port: the trainer keeps using its posterior.
        answer(m.id, async () => ({
          type: 'result',
          id: m.id,
          result: await trainer(m.trainer).finalize(m.keepState),
        }));
        break;
      case 'close':
        trainers.get(m.trainer)?.close();
        trainers.delete(m.trainer);
        break;
      case 'cancel':
        requests.get(m.id)?.abort();
        break;
    }
  };
}
