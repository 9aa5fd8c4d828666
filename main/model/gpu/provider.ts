// Where this process gets a GPU from. Under Node it is the in-process `webgpu` package (loaded
// only when first needed); inside Electron's utility process the worker installs the compute
// window's provider instead (dawn.node cannot load there). Either opens an epoch-shaped trainer.
import type { EpochHooks, EpochTrainer } from '../trainer.ts';
import type { GpuDeclined, GpuJob } from './run.ts';
import type { GpuAdapterSummary, GpuSelfTest, GpuStatus } from './types.ts';

/** An open GPU trainer: close() frees the device. */
export interface GpuOpened {
  ok: true;
  trainer: EpochTrainer;
  adapter: GpuAdapterSummary;
  selfTest: GpuSelfTest;
}

export interface GpuProvider {
  /** The adapter "auto" would consider, without training (Settings → Training). */
  status(): Promise<GpuStatus>;
  open(job: GpuJob, hooks: EpochHooks): Promise<GpuOpened | GpuDeclined>;
}

let provider: GpuProvider | undefined;

export function setGpuProvider(p: GpuProvider): void {
  provider = p;
}

export async function gpuProvider(): Promise<GpuProvider> {
  provider ??= (await import('./node-provider.ts')).nodeGpuProvider;
  return provider;
}

/** "auto" may use a software adapter only when asked to (tests on lavapipe). */
export function allowSoftwareGpu(): boolean {
  return process.env.REELTASTE_GPU_ALLOW_SOFTWARE === '1';
}
