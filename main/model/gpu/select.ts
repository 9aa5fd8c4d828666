// The trainer's entry to the GPU: for backend "gpu" or "auto", run the job on this process's GPU
// provider and say what happened. A GPU that is missing, software-only (for "auto") or fails its
// self-test leaves the choice to the CPU kernel, with the reason; "gpu" then fails instead.
import type { RatingsMatrix } from '../../datasets/types.ts';
import { AppError } from '../../errors.ts';
import type { TrainOptions } from '../options.ts';
import { allowSoftwareGpu, gpuProvider } from './provider.ts';
import { gpuReason } from './run.ts';
import type { GpuTrainHooks, GpuTrainResult } from './train-gpu.ts';
import type { GpuAdapterSummary, GpuSelfTest } from './types.ts';

export type GpuAttempt =
  | { ok: true; result: GpuTrainResult; adapter: GpuAdapterSummary; selfTest: GpuSelfTest; reason: string }
  | { ok: false; reason: string; selfTest: GpuSelfTest | null };

export async function tryGpu(
  matrix: RatingsMatrix,
  o: TrainOptions,
  hooks: GpuTrainHooks,
): Promise<GpuAttempt> {
  const mode = o.backend === 'gpu' ? 'gpu' : 'auto';
  const provider = await gpuProvider();
  const out = await provider
    .run(
      {
        matrix,
        options: o,
        mode,
        allowSoftware: allowSoftwareGpu(),
        keepState: hooks.keepState === true,
        loseDeviceAfterEpoch: Number(process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH) || undefined,
      },
      hooks,
    )
    .catch((err: unknown) => {
      // "auto" takes the CPU when the GPU cannot even set up (driver error, buffer limits); a
      // cancel, a lost device mid-run or a diverged run fails the job as it would on the CPU.
      const code = err instanceof AppError ? err.code : 'INTERNAL';
      if (mode === 'gpu' || code === 'CANCELLED' || code === 'GPU_LOST' || code === 'DIVERGED') throw err;
      return { ok: false as const, reason: `the GPU failed to set up (${(err as Error).message})` };
    });
  if (out.ok) return { ...out, reason: gpuReason(mode, out.selfTest) };
  if (mode === 'gpu')
    throw new AppError(
      'GPU_UNAVAILABLE',
      `Cannot train on the GPU: ${out.reason}. Use --backend auto or native.`,
    );
  return { ok: false, reason: out.reason, selfTest: 'selfTest' in out ? (out.selfTest ?? null) : null };
}
