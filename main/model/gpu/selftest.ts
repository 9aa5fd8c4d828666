// The GPU's self-test before it trains: the first few sub-epochs of the real run (same data, seed
// and step sizes) on the GPU and on a CPU kernel over the same stratified order. Sub-epochs touch
// disjoint rows, so the two must agree to float rounding; a driver that computes something else
// (or nothing) fails here and the model is never trained on it.
import type { Kernel } from '../kernel.ts';
import type { GpuSelfTest } from './types.ts';
import type { GpuDriver } from './driver.ts';
import { epochParams, type GpuRun } from './prepare.ts';

/** Examples the self-test covers at most (whole sub-epochs, at least one). */
const SELF_TEST_EXAMPLES = 50_000;
/** Float32 on the GPU against float64 sums on the CPU: seen ~3e-7 on ml-latest-small. */
const PARAM_TOLERANCE = 1e-4;
const SUM_TOLERANCE = 1e-4;

export async function gpuSelfTest(driver: GpuDriver, run: GpuRun, cpu: Kernel): Promise<GpuSelfTest> {
  const started = performance.now();
  const { data, schedule } = run;
  let subEpochs = 1;
  while (subEpochs < schedule.workers && driver.examplesIn(0, subEpochs + 1) <= SELF_TEST_EXAMPLES)
    subEpochs++;
  const examples = driver.examplesIn(0, subEpochs);
  const p = epochParams(run, 0);

  driver.writeState(run.state, data.userCounts, data.itemCounts);
  driver.setParams(p);
  driver.startEpoch();
  await driver.runSubEpochs(0, subEpochs);
  const gpuSums = await driver.epochSums();
  const onGpu = structuredClone(run.state);
  await driver.readState(onGpu);

  const onCpu = structuredClone(run.state);
  const cpuSums = await cpu.run(schedule.examples, onCpu, {
    start: 0,
    end: examples,
    lr: p.lr,
    lrBias: p.lrBias,
    threads: 1,
  });

  const maxParamDiff = Math.max(
    maxDiff(onGpu.userMean, onCpu.userMean),
    maxDiff(onGpu.itemMean, onCpu.itemMean),
    maxDiff(onGpu.userBias, onCpu.userBias),
    maxDiff(onGpu.itemBias, onCpu.itemBias),
    relDiff(sumOf(onGpu.itemAcc), sumOf(onCpu.itemAcc, onCpu.nItems * onCpu.dim)),
  );
  const sumDiff = Math.max(relDiff(gpuSums.ese, cpuSums.ese), relDiff(gpuSums.sse, cpuSums.sse));
  const agrees = maxParamDiff <= PARAM_TOLERANCE && sumDiff <= SUM_TOLERANCE;
  return {
    agrees,
    subEpochs,
    examples,
    cpuKernel: cpu.name,
    maxParamDiff,
    sumDiff,
    seconds: (performance.now() - started) / 1000,
  };
}

/** Largest absolute difference; NaN anywhere counts as infinitely different. */
function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let j = 0; j < b.length; j++) {
    const d = Math.abs(a[j]! - b[j]!);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

function relDiff(a: number, b: number): number {
  const d = Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);
  return Number.isNaN(d) ? Infinity : d;
}

function sumOf(a: Float32Array, n = a.length): number {
  let s = 0;
  for (let j = 0; j < n; j++) s += a[j]!;
  return s;
}
