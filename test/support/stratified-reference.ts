// The CPU reference for the GPU trainer: the TypeScript kernel over the GPU's stratified order
// (gpu/schedule.ts), with the CPU's between-epoch maths (epoch.ts). The GPU must land on the same
// losses, held-out RMSEs and parameters, to float rounding.
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { heldOutRmse, klDivergence, updateVariances } from '../../main/model/epoch.ts';
import { prepareGpuRun } from '../../main/model/gpu/prepare.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import type { TrainOptions } from '../../main/model/options.ts';
import type { VariationalState } from '../../main/model/state.ts';
import { epochLoss, type TrainResult } from '../../main/model/trainer.ts';
import { expect } from 'vitest';

export async function cpuOverSchedule(
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
): Promise<{ losses: number[]; valRmses: number[]; state: VariationalState }> {
  const cpu = prepareGpuRun(matrix, options);
  const { state: s, data, o } = cpu;
  const n = data.train.ratings.length;
  const losses: number[] = [];
  const valRmses: number[] = [];
  for (let e = 0; e < o.epochs; e++) {
    const d = 1 / (1 + o.lrDecay * e);
    const step = { start: 0, end: n, lr: o.lr * d, lrBias: o.lrBias * d, threads: 1 };
    const sums = await jsKernel.run(cpu.schedule.examples, s, step);
    updateVariances(s, data.userCounts, data.itemCounts, sums.ese, n);
    losses.push(epochLoss(sums.ese, n, s.noiseVar, klDivergence(s, data.userCounts, data.itemCounts)));
    valRmses.push(heldOutRmse(s, data.heldOut));
  }
  return { losses, valRmses, state: s };
}

/** A GPU-trained result against the reference: losses within 1e-5 relative, item means within 1e-4. */
export async function expectSameAsCpu(
  gpu: TrainResult,
  matrix: RatingsMatrix,
  options: Partial<TrainOptions>,
): Promise<void> {
  const ref = await cpuOverSchedule(matrix, options);
  expect(gpu.backend).toBe('gpu');
  // Epoch by epoch against the reference: the run must not have stopped early (patience: 0).
  expect(gpu.epochs).toHaveLength(ref.losses.length);
  ref.losses.forEach((loss, e) => {
    expect(Math.abs(gpu.epochs[e]!.loss - loss) / loss).toBeLessThan(1e-5);
    expect(gpu.epochs[e]!.valRmse!).toBeCloseTo(ref.valRmses[e]!, 5);
  });
  let maxDiff = 0;
  const means = gpu.params.itemFactorMean;
  for (let j = 0; j < means.length; j++)
    maxDiff = Math.max(maxDiff, Math.abs(ref.state.itemMean[j]! - means[j]!));
  expect(maxDiff).toBeLessThan(1e-4);
}
