// GPU training benchmark (`npm run bench gpu`): the WGSL kernels through Node's WebGPU against the
// native CPU kernel, same data and process. Reports the adapter, data preparation, the transfer in
// (compile and upload the data and posterior), the self-test, GPU epochs, the transfer out (reading
// the posterior back), device and host memory, and a native epoch. On a real GPU it also runs the
// full default training on both (target: GPU >= 10x faster); on a software adapter (lavapipe,
// SwiftShader) the GPU is expected to be slower than the CPU and only one epoch is timed.
// Data: ml-25m-shaped synthetic ratings; REELTASTE_BENCH_GPU_RATINGS scales it down (e.g. 2500000).
import { readFileSync } from 'node:fs';
import { ML25M_SHAPE, syntheticRatings } from './synthetic.ts';
import { openNodeGpu } from '../../main/model/gpu/node-device.ts';
import { openGpuTrainer } from '../../main/model/gpu/run.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import { Trainer, trainModel } from '../../main/model/train.ts';

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
  `adapter: ${adapter.name} (vendor ${adapter.vendor}, architecture ${adapter.architecture}${adapter.software ? '; a software renderer' : ''})\n` +
    `synthetic ratings: ${matrix.ratings.length.toLocaleString('en-US')} ratings, ${matrix.userIds.length.toLocaleString('en-US')} users, ` +
    `${matrix.itemIds.length.toLocaleString('en-US')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const o = { ...defaultTrainOptions, threads: 2 };
const epochs = adapter.software ? 1 : o.epochs;
const opened = await openGpuTrainer(
  device,
  adapter,
  { matrix, options: { ...o, epochs }, mode: 'gpu', allowSoftware: true },
  {},
  native,
  () => session.close(),
);
if (!opened.ok) {
  console.log(`the GPU declined: ${opened.reason}`);
  process.exit(1);
}
const gpu = opened.trainer;
while (!gpu.done) await gpu.trainEpoch();
const gpuResult = await gpu.finalize();
const stats = gpu.driverStats;
const { info } = gpu;
gpu.close();
const gpuEpoch = Math.min(...gpu.epochs.map((e) => e.seconds));

// The native kernel on the same data, in the same process: one epoch, then (real GPU only) the run.
global.gc?.();
// The CPU trainer's epoch: the kernel's pass and the closed forms, as the GPU epoch includes both.
const cpuEpoch = (await new Trainer(matrix, { ...o, backend: 'native' }, native).trainEpoch()).seconds;
const fullCpu = adapter.software ? null : await trainModel(matrix, { ...o, backend: 'native' });

const rows: [string, string, string][] = [
  [`data prep + stratified schedule (CPU; P = ${gpu.workers} workers)`, secs(info.prepareSeconds), ''],
  [
    'transfer in: compile + upload data and posterior',
    secs(info.uploadSeconds),
    `${mb(stats.bytesUp)} up in all (${(stats.bytesUp / 2 ** 20 / info.uploadSeconds).toFixed(0)} MB/s)`,
  ],
  [
    `self-test (${info.selfTest.examples.toLocaleString('en-US')} examples vs native)`,
    secs(info.selfTest.seconds),
    info.selfTest.agrees ? `agrees (max diff ${info.selfTest.maxParamDiff.toExponential(1)})` : 'DISAGREES',
  ],
  [`GPU epoch (best of ${gpu.epochs.length})`, secs(gpuEpoch), ''],
  ['transfer out: read the posterior back', secs(gpu.readSeconds), `${mb(stats.bytesDown)} down in all`],
  ['native epoch, 2 threads (same data, same process)', secs(cpuEpoch), ''],
  [
    'GPU epoch vs native epoch',
    `${(cpuEpoch / gpuEpoch).toFixed(2)}x`,
    adapter.software ? 'software adapter: the CPU is expected to win' : '',
  ],
  ['device memory (buffers, peak)', mb(stats.peakDeviceBytes), ''],
  ['host peak RSS', `${peakRssMb().toFixed(0)} MB`, ''],
];
if (fullCpu) {
  const speedup = fullCpu.seconds / gpuResult.seconds;
  rows.push(
    [
      `full default training, GPU (${gpu.epochs.length} epochs, set-up included)`,
      secs(gpuResult.seconds),
      '',
    ],
    ['full default training, native 2 threads', secs(fullCpu.seconds), ''],
    ['full training speed-up', `${speedup.toFixed(1)}x`, speedup >= 10 ? 'ok (>= 10x)' : 'MISSED (>= 10x)'],
    [
      'validation RMSE GPU / native',
      `${gpuResult.epochs.at(-1)!.valRmse!.toFixed(4)} / ${fullCpu.epochs.at(-1)!.valRmse!.toFixed(4)}`,
      '',
    ],
  );
}
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v, t] of rows) console.log(`${k.padEnd(w)}  ${v.padStart(9)}  ${t}`);
