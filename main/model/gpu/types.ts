// The GPU backend's shapes that cross IPC and the worker boundary (pure types: the renderer's type
// check includes main/**/types.ts).

/** A WebGPU adapter as Settings and `train --json` report it. */
export interface GpuAdapterSummary {
  /** The adapter's description, or vendor/architecture/device when it has none. */
  name: string;
  vendor: string;
  architecture: string;
  /** A CPU implementation (lavapipe, SwiftShader, WARP): "auto" does not pick it. */
  software: boolean;
}

/** The self-test's verdict: the first sub-epochs on the GPU against a CPU kernel, same order. */
export interface GpuSelfTest {
  agrees: boolean;
  subEpochs: number;
  examples: number;
  cpuKernel: 'native' | 'js';
  /** Largest difference in any mean or bias (and the relative difference of the variance statistics). */
  maxParamDiff: number;
  /** Relative difference of the error sums. */
  sumDiff: number;
  seconds: number;
}

/** What Settings → Training shows before any training: the adapter the GPU backend would use. */
export interface GpuStatus {
  available: boolean;
  adapter: GpuAdapterSummary | null;
  /** Why the GPU is or is not used by "auto" (before the per-run self-test). */
  reason: string;
  /** Where GPU training runs: the worker (Node's webgpu) or the compute window (Chromium's WebGPU). */
  runtime: 'node' | 'compute-window';
}
