// Messages over the MessagePort between a GPU client (the compute worker inside Electron) and the
// compute window, where Chromium's WebGPU runs the kernels. Typed arrays travel as transferables.
import type { ApiErrorShape } from '../../../errors.ts';
import type { JobProgress } from '../../../jobs/types.ts';
import type { EpochMetrics } from '../../types.ts';
import type { GpuJob, GpuJobOutcome } from '../run.ts';
import type { GpuStatus } from '../types.ts';

export type ToCompute =
  | { type: 'status'; id: string; allowSoftware: boolean }
  | { type: 'train'; id: string; job: GpuJob }
  | { type: 'cancel'; id: string };

export type FromCompute =
  | { type: 'status'; id: string; status: GpuStatus }
  | { type: 'progress'; id: string; progress: JobProgress }
  | { type: 'epoch'; id: string; metrics: EpochMetrics }
  | { type: 'done'; id: string; outcome: GpuJobOutcome }
  | { type: 'error'; id: string; error: ApiErrorShape };

/** What the compute window's preload posts to the page, with the port, once. */
export const COMPUTE_PORT_MESSAGE = 'reeltaste-compute-port';

/** The buffers under every typed array in a value (shallow objects and arrays, nested). */
export function transferables(value: unknown, out = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) out.add(value.buffer);
  } else if (value && typeof value === 'object') {
    for (const v of Object.values(value)) transferables(v, out);
  }
  return [...out];
}
