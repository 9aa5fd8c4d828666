// GPU training benchmark (`npm run bench gpu`): the WGSL kernels through Node's WebGPU against the
// native CPU kernel, same data and process. Reports the adapter, the time to set up (compile and
// upload the data and posterior: the transfer in), one GPU epoch, reading the posterior back (the
// transfer out), device and host memory, and a native epoch on 2 threads. On a real GPU it also runs
// the full default training on both (target: GPU >= 10x faster); on a software adapter (lavapipe,
// SwiftShader) the GPU is expected to be slower than the CPU and only one epoch is timed.
// Data: ml-25m-shaped synthetic ratings; REELTASTE_BENCH_GPU_RATINGS scales it down (e.g. 2500000).
import { readFileSync } from 'node:fs';
import { ML25M_SHAPE, syntheticRatings } from './synthetic.ts';
import { GpuDriver } from '../../main/model/gpu/driver.ts';
import { openNodeGpu } from '../../main/model/gpu/node-device.ts';
import { gpuSelfTest } from '../../main/model/gpu/selftest.ts';
import { prepareGpuRun, trainOnGpu } from '../../main/model/gpu/train-gpu.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import { trainModel } from '../../main/model/train.ts';

const peakRssMb = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
};
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
const secs = (s: number) => `${s.toFixed(2)} s`;

const native = loadNativeKernel().kernel;
const session = await openNodeGpu();
if ('reason' in session || !native) {
  console.log(`nothing to compare: ${'reason' in session ? session.reason : 'no native kernel'}`);
  process.exit(1);
}
const { device, adapter } = session;
const ratings = Number(process.env.REELTASTE_BENCH_GPU_RATINGS) || ML25M_SHAPE.ratings;
const scale = ratings / ML25M_SHAPE.ratings;
const t0 = performance.now();
const matrix = syntheticRatings({
  users: Math.round(ML25M_SHAPE.users * scale),
  items: Math.round(ML25M_SHAPE.items * Math.sqrt(scale)),
  ratings,
});
console.log(
  `adapter: ${adapter.name} (${adapter.vendor}, ${adapter.architecture}${adapter.software ? ', software' : ''})\n` +
    `synthetic ratings: ${matrix.ratings.length.toLocaleString('en-US')} ratings, ${matrix.userIds.length.toLocaleString('en-US')} users, ` +
    `${matrix.itemIds.length.toLocaleString('en-US')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const o = { ...defaultTrainOptions, threads: 2 };
const tPrep = performance.now();
const run = prepareGpuRun(matrix, { ...o, epochs: adapter.software ? 1 : o.epochs, backend: 'gpu' });
const prepSeconds = (performance.now() - tPrep) / 1000;
const tCreate = performance.now();
const driver = await GpuDriver.create(device, {
  dim: run.o.dim,
  nUsers: run.data.nUsers,
  nItems: run.data.nItems,
  schedule: run.schedule,
  heldOut: run.data.heldOut,
});
await device.queue.onSubmittedWorkDone();
const createSeconds = (performance.now() - tCreate) / 1000;
const selfTest = await gpuSelfTest(driver, run, native);
const gpu = await trainOnGpu(device, run, {}, driver);
driver.destroy();
session.close();
const gpuEpoch = Math.min(...gpu.epochs.map((e) => e.seconds));

// The native kernel on the same data, in the same process: one epoch, then (real GPU only) the run.
global.gc?.();
const cpuRun = prepareGpuRun(matrix, { ...o, backend: 'native' });
const n = cpuRun.data.train.ratings.length;
const tCpu = performance.now();
for (let start = 0; start < n; start += o.batchSize)
  native.run(cpuRun.data.train, cpuRun.state, {
    start,
    end: Math.min(n, start + o.batchSize),
    lr: o.lr,
    lrBias: o.lrBias,
    threads: 1,
  });
const cpuEpoch1 = (performance.now() - tCpu) / 1000;
const fullCpu = adapter.software ? null : await trainModel(matrix, { ...o, backend: 'native' });

const rows: [string, string, string][] = [
  [`data prep + stratified schedule (P = ${gpu.timing.workers} workers, CPU)`, secs(prepSeconds), ''],
  [
    'transfer in: compile + upload examples',
    secs(createSeconds),
    `${mb(gpu.timing.bytesUp)} up in all, ${(gpu.timing.bytesUp / 2 ** 20 / (createSeconds + gpu.timing.setupSeconds)).toFixed(0)} MB/s`,
  ],
  ['transfer in: upload the initial posterior', secs(gpu.timing.setupSeconds), ''],
  [
    `self-test (${selfTest.examples.toLocaleString('en-US')} examples vs native)`,
    secs(selfTest.seconds),
    selfTest.agrees ? `agrees (max diff ${selfTest.maxParamDiff.toExponential(1)})` : 'DISAGREES',
  ],
  [`GPU epoch (best of ${gpu.epochs.length})`, secs(gpuEpoch), ''],
  [
    'transfer out: read the posterior back',
    secs(gpu.timing.readSeconds),
    `${mb(gpu.timing.bytesDown)} down in all`,
  ],
  ['native epoch, 1 thread (same data, same process)', secs(cpuEpoch1), ''],
  [
    'GPU epoch vs native 1-thread epoch',
    `${(cpuEpoch1 / gpuEpoch).toFixed(2)}x`,
    adapter.software ? 'software adapter: CPU expected faster' : '',
  ],
  ['device memory (buffers, peak)', mb(gpu.timing.peakDeviceBytes), ''],
  ['host peak RSS', `${peakRssMb().toFixed(0)} MB`, ''],
];
if (fullCpu) {
  const speedup = fullCpu.seconds / gpu.seconds;
  rows.push(
    [`full default training, GPU (${gpu.epochs.length} epochs)`, secs(gpu.seconds), ''],
    [`full default training, native 2 threads`, secs(fullCpu.seconds), ''],
    ['full training speed-up', `${speedup.toFixed(1)}x`, speedup >= 10 ? 'ok (>= 10x)' : 'MISSED (>= 10x)'],
    [
      'validation RMSE GPU / native',
      `${gpu.epochs.at(-1)!.valRmse!.toFixed(4)} / ${fullCpu.epochs.at(-1)!.valRmse!.toFixed(4)}`,
      '',
    ],
  );
}
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v, t] of rows) console.log(`${k.padEnd(w)}  ${v.padStart(9)}  ${t}`);
