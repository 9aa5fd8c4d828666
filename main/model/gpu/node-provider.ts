// The GPU provider under plain Node: a device from the `webgpu` package, opened per training and
// destroyed when its trainer closes; the self-test's CPU reference is the native kernel when it loads.
import { jsKernel } from '../kernel-js.ts';
import { loadNativeKernel } from '../native.ts';
import { adapterStatusReason, softwareDeclined } from './adapter.ts';
import { openNodeGpu } from './node-device.ts';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GpuProvider } from './provider.ts';
import { openGpuTrainer } from './run.ts';
import type { GpuAdapterSummary, GpuStatus } from './types.ts';

let status: Promise<GpuStatus> | undefined;

const probeScript = fileURLToPath(new URL('./node-probe.ts', import.meta.url));

/** The adapter, found by a short-lived child process (see node-probe.ts); its stderr is dropped. */
async function probe(): Promise<GpuStatus> {
  const none = (reason: string): GpuStatus => ({ available: false, adapter: null, reason, runtime: 'node' });
  if (process.env.REELTASTE_DISABLE_GPU === '1') return none('disabled by REELTASTE_DISABLE_GPU=1');
  const out = await new Promise<string>((resolve) =>
    execFile(process.execPath, [probeScript], { timeout: 60_000, env: process.env }, (err, stdout) =>
      resolve(
        err ? JSON.stringify({ reason: `the adapter probe failed (${err.message.split('\n')[0]})` }) : stdout,
      ),
    ),
  );
  let found: { adapter?: GpuAdapterSummary; reason?: string };
  try {
    found = JSON.parse(out) as typeof found;
  } catch {
    found = { reason: 'the adapter probe printed no answer' };
  }
  if (!found.adapter) return none(found.reason ?? 'no WebGPU adapter');
  return {
    available: true,
    adapter: found.adapter,
    reason: adapterStatusReason(found.adapter),
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
