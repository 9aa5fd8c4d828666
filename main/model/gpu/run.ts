// One GPU training job on an open device: decide whether this adapter may train (an explicit
// "gpu" always tries; "auto" skips software adapters), self-test it against a CPU kernel on the
// run's own first sub-epochs, then train. Runs unchanged in the Node worker and the compute window.
import type { RatingsMatrix } from '../../datasets/types.ts';
import type { Kernel } from '../kernel.ts';
import type { TrainOptions } from '../options.ts';
import { softwareDeclined } from './adapter.ts';
import { GpuDriver } from './driver.ts';
import { gpuSelfTest } from './selftest.ts';
import { prepareGpuRun, trainOnGpu, type GpuTrainHooks, type GpuTrainResult } from './train-gpu.ts';
import type { GpuAdapterSummary, GpuSelfTest } from './types.ts';

export interface GpuJob {
  matrix: RatingsMatrix;
  options: Partial<TrainOptions>;
  /** 'gpu': the user asked for it; 'auto': use it only if it is a real GPU and passes the self-test. */
  mode: 'gpu' | 'auto';
  /** Lets "auto" use a software adapter (tests and CI, where lavapipe is the only one). */
  allowSoftware: boolean;
  keepState: boolean;
  /** Fault injection for tests: destroy the device after this epoch, as a driver reset would. */
  loseDeviceAfterEpoch?: number;
}

export type GpuJobOutcome =
  | { ok: true; result: GpuTrainResult; adapter: GpuAdapterSummary; selfTest: GpuSelfTest }
  | { ok: false; reason: string; adapter: GpuAdapterSummary | null; selfTest?: GpuSelfTest };

export async function runGpuJob(
  device: GPUDevice,
  adapter: GpuAdapterSummary,
  job: GpuJob,
  hooks: GpuTrainHooks,
  cpu: Kernel,
): Promise<GpuJobOutcome> {
  if (job.mode === 'auto' && adapter.software && !job.allowSoftware)
    return {
      ok: false,
      adapter,
      reason: softwareDeclined(adapter),
    };
  const run = prepareGpuRun(job.matrix, job.options);
  const driver = await GpuDriver.create(device, {
    dim: run.o.dim,
    nUsers: run.data.nUsers,
    nItems: run.data.nItems,
    schedule: run.schedule,
    heldOut: run.data.heldOut,
  });
  try {
    hooks.onProgress?.({ message: `Self-testing the GPU (${adapter.name})…`, fraction: 0 });
    const selfTest = await gpuSelfTest(driver, run, cpu);
    if (!selfTest.agrees)
      return {
        ok: false,
        adapter,
        selfTest,
        reason:
          `the GPU self-test disagreed with the ${cpu.name} CPU kernel on ${selfTest.examples.toLocaleString('en-US')} ` +
          `examples (largest difference ${selfTest.maxParamDiff.toExponential(1)}, sums ${selfTest.sumDiff.toExponential(1)})`,
      };
    const onEpoch: GpuTrainHooks['onEpoch'] = (m) => {
      hooks.onEpoch?.(m);
      if (m.epoch === job.loseDeviceAfterEpoch) device.destroy();
    };
    const result = await trainOnGpu(device, run, { ...hooks, onEpoch, keepState: job.keepState }, driver);
    return { ok: true, result, adapter, selfTest };
  } finally {
    driver.destroy();
  }
}

/** The sentence `train --json` and Settings give for a run on the GPU (the adapter is its own field). */
export function gpuReason(mode: 'gpu' | 'auto', t: GpuSelfTest): string {
  const asked = mode === 'gpu' ? 'the GPU, as requested' : 'auto: a GPU is present';
  return (
    `${asked}; it passed the self-test against the ${t.cpuKernel} CPU kernel ` +
    `(${t.examples.toLocaleString('en-US')} examples, largest difference ${t.maxParamDiff.toExponential(1)})`
  );
}
