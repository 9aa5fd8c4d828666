// The compute window's side of the port: runs GPU jobs on Chromium's WebGPU (navigator.gpu) with the
// same driver and kernels as the Node worker, one device per job, progress and epochs as they come,
// cancel between submissions. A lost device fails the job; the window stays for the next one.
import { toErrorShape } from '../../../errors.ts';
import { jsKernel } from '../../kernel-js.ts';
import { adapterStatusReason, deviceDescriptor, summarizeAdapter } from '../adapter.ts';
import { runGpuJob } from '../run.ts';
import type { GpuStatus } from '../types.ts';
import { transferables, type FromCompute, type ToCompute } from './protocol.ts';

export interface PortLike {
  postMessage(message: FromCompute, transfer: ArrayBuffer[]): void;
}

export function serveCompute(port: PortLike, gpu: GPU | undefined): (message: ToCompute) => void {
  const running = new Map<string, AbortController>();
  const post = (m: FromCompute) => port.postMessage(m, m.type === 'done' ? transferables(m.outcome) : []);
  const noGpu = 'this Chromium offers no WebGPU (navigator.gpu is missing)';

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

  async function train(id: string, job: Extract<ToCompute, { type: 'train' }>['job']): Promise<void> {
    const controller = new AbortController();
    running.set(id, controller);
    let device: GPUDevice | undefined;
    try {
      const adapter = await gpu?.requestAdapter({ powerPreference: 'high-performance' });
      if (!adapter) {
        post({
          type: 'done',
          id,
          outcome: { ok: false, adapter: null, reason: gpu ? 'no WebGPU adapter' : noGpu },
        });
        return;
      }
      device = await adapter.requestDevice(deviceDescriptor(adapter));
      const outcome = await runGpuJob(
        device,
        summarizeAdapter(adapter),
        job,
        {
          signal: controller.signal,
          onProgress: (progress) => post({ type: 'progress', id, progress }),
          onEpoch: (metrics) => post({ type: 'epoch', id, metrics }),
        },
        // The page has no native addon: the self-test's CPU reference is the TypeScript kernel.
        jsKernel,
      );
      post({ type: 'done', id, outcome });
    } catch (err) {
      post({ type: 'error', id, error: toErrorShape(err) });
    } finally {
      device?.destroy();
      running.delete(id);
    }
  }

  return (m) => {
    if (m.type === 'cancel') running.get(m.id)?.abort();
    else if (m.type === 'status')
      void status(m.allowSoftware).then(
        (s) => post({ type: 'status', id: m.id, status: s }),
        (err: unknown) => post({ type: 'error', id: m.id, error: toErrorShape(err) }),
      );
    else if (m.type === 'train') void train(m.id, m.job);
  };
}
