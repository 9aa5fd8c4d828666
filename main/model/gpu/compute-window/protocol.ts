// Messages over the MessagePort between the compute worker inside Electron (the client) and the
// compute window, where Chromium's WebGPU runs the kernels: the epoch-shaped trainer's calls made
// remote (open, epoch, finalize, close), plus status and cancel. Every request has an id its answer
// repeats; progress comes as it happens.
import type { ApiErrorShape } from '../../../errors.ts';
import type { JobProgress } from '../../../jobs/types.ts';
import type { TrainOptions } from '../../options.ts';
import type { TrainResult } from '../../trainer.ts';
import type { EpochMetrics } from '../../types.ts';
import type { GpuDeclined, GpuJob } from '../run.ts';
import type { GpuAdapterSummary, GpuSelfTest, GpuStatus } from '../types.ts';

export type ToCompute =
  | { type: 'status'; id: string; allowSoftware: boolean }
  | { type: 'open'; id: string; job: GpuJob }
  | { type: 'epoch'; id: string; trainer: string }
  | { type: 'finalize'; id: string; trainer: string; keepState: boolean }
  /** Frees the trainer's device; no answer. */
  | { type: 'close'; trainer: string }
  /** Stops the request `id` (an epoch) between submissions: it fails with CANCELLED. */
  | { type: 'cancel'; id: string };

export type Opened =
  | {
      ok: true;
      trainer: string;
      options: TrainOptions;
      adapter: GpuAdapterSummary;
      selfTest: GpuSelfTest;
    }
  | GpuDeclined;

export type FromCompute =
  | { type: 'status'; id: string; status: GpuStatus }
  | { type: 'opened'; id: string; opened: Opened }
  | { type: 'progress'; id: string; progress: JobProgress }
  | { type: 'epoch'; id: string; metrics: EpochMetrics; done: boolean }
  | { type: 'result'; id: string; result: TrainResult }
  | { type: 'error'; id: string; error: ApiErrorShape };

/** What the compute window's preload posts to the page, with the port, once. */
export const COMPUTE_PORT_MESSAGE = 'reeltaste-compute-port';
