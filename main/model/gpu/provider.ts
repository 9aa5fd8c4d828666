// Where this process gets a GPU from. Under Node it is the in-process `webgpu` package (loaded
// only when first needed); inside Electron's utility process the worker installs the compute
// window's provider instead (dawn.node cannot load there). Both run the same job (run.ts).
import type { GpuJob, GpuJobOutcome } from './run.ts';
import type { GpuTrainHooks } from './train-gpu.ts';
import type { GpuStatus } from './types.ts';

export interface GpuProvider {
  /** The adapter "auto" would consider, without training (Settings → Training). */
  status(): Promise<GpuStatus>;
  run(job: GpuJob, hooks: GpuTrainHooks): Promise<GpuJobOutcome>;
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
