// Training benchmark on ml-25m-shaped synthetic data (test/bench/synthetic.ts): one native epoch on
// 2 threads (target <= 2.5 s), native vs the TypeScript reference in this same process (target >= 5x;
// the TS reference is timed on one epoch over the first 5M examples, 1 thread, and scaled: a full
// TS run would take minutes), the full default training run (target < 90 s), and peak RSS (< 1.5 GB).
import { syntheticRatings, ML25M_SHAPE } from './synthetic.ts';
import { prepareData, splitMask } from '../../main/model/data.ts';
import { initState } from '../../main/model/state.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { defaultTrainOptions, priorVariances } from '../../main/model/options.ts';
import { trainModel } from '../../main/model/train.ts';
import { readFileSync } from 'node:fs';

const peakRssMb = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
};

const native = loadNativeKernel();
if (!native.kernel) {
  console.log(`native kernel unavailable (${native.status.reason}): nothing to benchmark`);
  process.exit(1);
}
const t0 = performance.now();
const matrix = syntheticRatings(ML25M_SHAPE);
console.log(
  `synthetic ratings: ${matrix.ratings.length.toLocaleString('en-US')} ratings, ${matrix.userIds.length.toLocaleString('en-US')} users, ${matrix.itemIds.length.toLocaleString('en-US')} items in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const o = defaultTrainOptions;
const data = prepareData(matrix, splitMask(matrix.ratings.length, o.validation, o.seed), o.seed);
const n = data.train.ratings.length;
const init = {
  dim: o.dim,
  priorVar: priorVariances(o),
  userBiasPrior: o.userBiasPrior,
  itemBiasPrior: o.itemBiasPrior,
  seed: o.seed,
};

function timeEpoch(kernel: typeof jsKernel, threads: number, end = n): number {
  const s = initState(data, { ...init, threads });
  const t = performance.now();
  for (let start = 0; start < end; start += o.batchSize)
    kernel.run(data.train, s, {
      start,
      end: Math.min(end, start + o.batchSize),
      lr: o.lr,
      lrBias: o.lrBias,
      threads,
    });
  return (performance.now() - t) / 1000;
}

const native2 = Math.min(timeEpoch(native.kernel, 2), timeEpoch(native.kernel, 2));
const native1 = timeEpoch(native.kernel, 1);
const subset = 5_000_000;
const jsSubset = timeEpoch(jsKernel, 1, subset);
const jsEpoch = (jsSubset * n) / subset;
const native1Subset = timeEpoch(native.kernel, 1, subset);

global.gc?.();
const full = await trainModel(matrix, { ...o, threads: 2 });

const rows: [string, string, string][] = [
  [
    'native epoch, 2 threads',
    `${native2.toFixed(2)} s`,
    native2 <= 2.5 ? 'ok (<= 2.5 s)' : 'MISSED (<= 2.5 s)',
  ],
  ['native epoch, 1 thread', `${native1.toFixed(2)} s`, ''],
  [
    `TS reference, 1 thread (${(subset / 1e6).toFixed(0)}M examples, scaled to ${(n / 1e6).toFixed(1)}M)`,
    `${jsEpoch.toFixed(1)} s`,
    '',
  ],
  ['native 1 thread vs TS (same 5M examples)', `${(jsSubset / native1Subset).toFixed(1)}x`, ''],
  [
    'native 2 threads vs TS reference',
    `${(jsEpoch / native2).toFixed(1)}x`,
    jsEpoch / native2 >= 5 ? 'ok (>= 5x)' : 'MISSED (>= 5x)',
  ],
  [
    `full default training (${full.epochs.length} epochs, incl. data prep)`,
    `${full.seconds.toFixed(1)} s`,
    full.seconds < 90 ? 'ok (< 90 s)' : 'MISSED (< 90 s)',
  ],
  ['final validation RMSE (synthetic)', full.epochs.at(-1)!.valRmse!.toFixed(4), ''],
  ['peak RSS', `${peakRssMb().toFixed(0)} MB`, peakRssMb() < 1536 ? 'ok (< 1.5 GB)' : 'MISSED (< 1.5 GB)'],
];
const w = Math.max(...rows.map((r) => r[0].length));
for (const [k, v, t] of rows) console.log(`${k.padEnd(w)}  ${v.padStart(9)}  ${t}`);
