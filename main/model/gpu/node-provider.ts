// The GPU provider under plain Node: a device from the `webgpu` package, opened per job and
// destroyed after it; the CPU reference for the self-test is the native kernel when it loads.
import { jsKernel } from '../kernel-js.ts';
import { loadNativeKernel } from '../native.ts';
import { adapterStatusReason, softwareDeclined } from './adapter.ts';
import { openNodeGpu } from './node-device.ts';
import type { GpuProvider } from './provider.ts';
import { runGpuJob } from './run.ts';
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
  async run(job, hooks) {
    // "auto" on a machine with only a software adapter: say so without opening a device.
    if (job.mode === 'auto' && !job.allowSoftware) {
      const st = await this.status();
      if (!st.available) return { ok: false, reason: st.reason, adapter: null };
      if (st.adapter?.software)
        return {
          ok: false,
          adapter: st.adapter,
          reason: softwareDeclined(st.adapter),
        };
    }
    const s = await openNodeGpu();
    if ('reason' in s) return { ok: false, reason: s.reason, adapter: null };
    try {
      return await runGpuJob(s.device, s.adapter, job, hooks, loadNativeKernel().kernel ?? jsKernel);
    } finally {
      s.close();
    }
  },
};
