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
