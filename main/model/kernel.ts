// The hot loop's contract, shared by the native kernel and the TypeScript reference: one SGD step
// per training example on the variational means, in the prepared order, over [start, end).
import type { Examples } from './data.ts';
import type { VariationalState } from './state.ts';

export interface KernelStep {
  start: number;
  end: number;
  lr: number;
  lrBias: number;
  threads: number;
}

export interface KernelSums {
  /** Sum of squared errors of the mean prediction. */
  sse: number;
  /** Sum of expected squared errors under the posterior (closed form). */
  ese: number;
}

export interface Kernel {
  readonly name: 'native' | 'js';
  /** Synchronous on the CPU; a GPU kernel may answer asynchronously (the trainer awaits it). */
  run(ex: Examples, state: VariationalState, step: KernelStep): KernelSums | Promise<KernelSums>;
  /** epoch.ts heldOutRmse computed by this kernel, where it has a faster one (the native addon). */
  heldOutRmse?(state: VariationalState, ex: Examples): number;
  /**
   * epoch.ts updateVariances then klDivergence (returned), where this kernel has a faster pass (the
   * native addon): the same maths in the same double arithmetic.
   */
  endEpoch?(
    state: VariationalState,
    userCounts: Int32Array,
    itemCounts: Int32Array,
    ese: number,
    nTrain: number,
  ): number;
}
