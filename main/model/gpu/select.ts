// The trainer's entry to the GPU (train.ts openTrainer): for backend "gpu" or "auto", open a GPU
// trainer on this process's provider. A GPU that is missing, software-only (for "auto"), fails its
// self-test or cannot set up leaves "auto" to the CPU kernel, with the reason; "gpu" fails instead.
import type { RatingsMatrix } from '../../datasets/types.ts';
import { AppError } from '../../errors.ts';
import type { TrainOptions } from '../options.ts';
import type { EpochHooks, EpochTrainer } from '../trainer.ts';
import { allowSoftwareGpu, gpuProvider } from './provider.ts';
import type { GpuSelfTest } from './types.ts';

export type GpuAttempt =
  { ok: true; trainer: EpochTrainer } | { ok: false; reason: string; selfTest: GpuSelfTest | null };

export async function tryGpu(matrix: RatingsMatrix, o: TrainOptions, hooks: EpochHooks): Promise<GpuAttempt> {
  const mode = o.backend === 'gpu' ? 'gpu' : 'auto';
  const provider = await gpuProvider();
  const job = {
    matrix,
    options: o,
    mode,
    allowSoftware: allowSoftwareGpu(),
    loseDeviceAfterEpoch: Number(process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH) || undefined,
  } as const;
  const out = await provider.open(job, hooks).catch((err: unknown) => {
    // "auto" takes the CPU when the GPU cannot even set up (driver error, buffer limits); a
    // cancel or a lost device fails the job as it would on the CPU.
    const code = err instanceof AppError ? err.code : 'INTERNAL';
    if (mode === 'gpu' || code === 'CANCELLED' || code === 'GPU_LOST') throw err;
    return { ok: false as const, reason: `the GPU failed to set up (${(err as Error).message})` };
  });
  if (out.ok) return { ok: true, trainer: out.trainer };
  if (mode === 'gpu')
    throw new AppError(
      'GPU_UNAVAILABLE',
      `Cannot train on the GPU: ${out.reason}. Use --backend auto or native.`,
    );
  return { ok: false, reason: out.reason, selfTest: 'selfTest' in out ? (out.selfTest ?? null) : null };
}
