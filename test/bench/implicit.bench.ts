// Training cost of the implicit model (EASE over the most-rated films) at ML-25M's shape (synthetic
// ratings from test/bench/synthetic.ts, 25M ratings, 162k users, 59k films) with the app's default
// options: the co-occurrence counts (Gram matrix), the inverse, the whole run, and peak RSS. Run in
// the compute worker once per model version, beside training (README: ~50 s for the model itself).
import { readFileSync } from 'node:fs';
import { syntheticRatings, ML25M_SHAPE } from './synthetic.ts';
import { defaultImplicitOptions, trainImplicit } from '../../main/recommend/implicit/ease.ts';

const peakRssMb = (): number => {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 1048576;
};

const t0 = performance.now();
const matrix = syntheticRatings(ML25M_SHAPE);
const counts = new Int32Array(matrix.itemIds.length);
for (const i of matrix.itemIndex) counts[i]!++;
console.log(
  `synthetic ratings: ${matrix.ratings.length.toLocaleString('en-US')} ratings, ${matrix.userIds.length.toLocaleString('en-US')} users in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);
const started = performance.now();
let gramDone = 0;
const model = await trainImplicit(
  matrix,
  { itemIds: matrix.itemIds, itemCounts: counts },
  {},
  {
    onProgress: (p) => {
      if (!gramDone && p.message?.startsWith('Learning')) gramDone = performance.now();
    },
  },
);
const total = (performance.now() - started) / 1000;
const gram = (gramDone - started) / 1000;
const o = defaultImplicitOptions;
console.log(
  `implicit model (EASE), ${model.items.length} films (cap ${o.cap}), lambda ${o.lambda}, ${o.neighbours} weights per row, at most ${o.maxPairs.toExponential(0)} co-occurrence pairs (${model.users.toLocaleString('en-US')} of ${matrix.userIds.length.toLocaleString('en-US')} users counted):`,
);
console.log(
  `  co-occurrence counts ${gram.toFixed(1)} s, inverse and sparse rows ${(total - gram).toFixed(1)} s, total ${total.toFixed(1)} s; ` +
    `${(model.weights.length * 8 + model.items.length * 8) / 1e6} MB stored; peak RSS ${peakRssMb().toFixed(0)} MB`,
);
