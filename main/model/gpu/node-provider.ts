// The GPU provider under plain Node: a device from the `webgpu` package, opened per training and
// destroyed when its trainer closes; the self-test's CPU reference is the native kernel when it loads.
import { jsKernel } from '../kernel-js.ts';
import { loadNativeKernel } from '../native.ts';
import { adapterStatusReason, softwareDeclined } from './adapter.ts';
import { openNodeGpu } from './node-device.ts';
import type { GpuProvider } from './provider.ts';
import { openGpuTrainer } from './run.ts';
import type { GpuStatus } from './types.ts';

let status: Promise<GpuStatus> | undefined;

async function probe(): Promise<GpuStatus> {
  const s = await openNodeGpu();
  if ('reason' in s) return { available: false, adapter: null, reason: s.reason, runtime: 'node' };
  s.close();
  return {
    available: true,
    adapter: s.adapter,
    reason: adapterStatusReason(s.adapter),
    runtime: 'node',
  };
}

export const nodeGpuProvider: GpuProvider = {
  status() {
    status ??= probe();
    return status;
  },
  async open(job, hooks) {
    // "auto" on a machine with only a software adapter: say so without opening a device.
    if (job.mode === 'auto' && !job.allowSoftware) {
      const st = await this.status();
      if (!st.available) return { ok: false, reason: st.reason, adapter: null };
      if (st.adapter?.software)
        return { ok: false, adapter: st.adapter, reason: softwareDeclined(st.adapter) };
    }
    const s = await openNodeGpu();
    if ('reason' in s) return { ok: false, reason: s.reason, adapter: null };
    const cpu = loadNativeKernel().kernel ?? jsKernel;
    const out = await openGpuTrainer(s.device, s.adapter, job, hooks, cpu, () => s.close());
    return out.ok
      ? { ok: true, trainer: out.trainer, adapter: s.adapter, selfTest: out.trainer.info.selfTest }
      : out;
  },
};
