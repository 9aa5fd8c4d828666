// Opening a GPU trainer on a device: decide whether this adapter may train (an explicit "gpu"
// always tries; "auto" skips software adapters), self-test it against a CPU kernel on the run's own
// first sub-epochs, then hand back a trainer holding the data and initial posterior on the device.
// Runs unchanged in the Node worker and the compute window.
import type { RatingsMatrix } from '../../datasets/types.ts';
import type { Kernel } from '../kernel.ts';
import type { TrainOptions } from '../options.ts';
import type { EpochHooks } from '../trainer.ts';
import { softwareDeclined } from './adapter.ts';
import { GpuDriver } from './driver.ts';
import { prepareGpuRun } from './prepare.ts';
import { gpuSelfTest } from './selftest.ts';
import { GpuTrainer } from './trainer.ts';
import type { GpuAdapterSummary, GpuSelfTest } from './types.ts';

export interface GpuJob {
  matrix: RatingsMatrix;
  options: Partial<TrainOptions>;
  /** 'gpu': the user asked for it; 'auto': use it only if it is a real GPU and passes the self-test. */
  mode: 'gpu' | 'auto';
  /** Lets "auto" use a software adapter (tests and CI, where lavapipe is the only one). */
  allowSoftware: boolean;
  /** Fault injection for tests: destroy the device after this epoch, as a driver reset would. */
  loseDeviceAfterEpoch?: number;
}

/** Why a GPU did not open, for the CPU's reason line. */
export interface GpuDeclined {
  ok: false;
  reason: string;
  adapter: GpuAdapterSummary | null;
  selfTest?: GpuSelfTest;
}

/** On success the trainer owns the device: its close() calls `release`. Otherwise release ran. */
export async function openGpuTrainer(
  device: GPUDevice,
  adapter: GpuAdapterSummary,
  job: GpuJob,
  hooks: EpochHooks,
  cpu: Kernel,
  release: () => void,
): Promise<{ ok: true; trainer: GpuTrainer } | GpuDeclined> {
  let driver: GpuDriver | undefined;
  try {
    if (job.mode === 'auto' && adapter.software && !job.allowSoftware) {
      release();
      return { ok: false, adapter, reason: softwareDeclined(adapter) };
    }
    const started = performance.now();
    const run = prepareGpuRun(job.matrix, job.options);
    const prepared = performance.now();
    driver = await GpuDriver.create(device, {
      dim: run.o.dim,
      nUsers: run.data.nUsers,
      nItems: run.data.nItems,
      schedule: run.schedule,
      heldOut: run.data.heldOut,
    });
    await device.queue.onSubmittedWorkDone();
    const uploaded = performance.now();
    hooks.onProgress?.({ message: `Self-testing the GPU (${adapter.name})…`, fraction: 0 });
    const selfTest = await gpuSelfTest(driver, run, cpu);
    if (!selfTest.agrees) {
      driver.destroy();
      release();
      return {
        ok: false,
        adapter,
        selfTest,
        reason:
          `the GPU self-test disagreed with the ${cpu.name} CPU kernel on ${selfTest.examples.toLocaleString('en-US')} ` +
          `examples (largest difference ${selfTest.maxParamDiff.toExponential(1)}, sums ${selfTest.sumDiff.toExponential(1)})`,
      };
    }
    driver.writeState(run.state, run.data.userCounts, run.data.itemCounts);
    const info = {
      adapter,
      selfTest,
      reason: gpuReason(job.mode, selfTest),
      setupSeconds: (performance.now() - started) / 1000,
      prepareSeconds: (prepared - started) / 1000,
      uploadSeconds: (uploaded - prepared) / 1000,
      loseDeviceAfterEpoch: job.loseDeviceAfterEpoch,
    };
    return { ok: true, trainer: new GpuTrainer(driver, run, info, release) };
  } catch (err) {
    driver?.destroy();
    release();
    throw err;
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
