// Theta update speed: an incremental update after one arena answer for a user with 1,000 ratings
// and 200 comparisons (target < 20 ms), against the from-scratch fit (`update`) in the same process.
import { performance } from 'node:perf_hooks';
import { fitTheta } from '../../main/profile/theta/fit.ts';
import { IncrementalTheta } from '../../main/profile/theta/incremental.ts';
import {
  syntheticComparisons,
  syntheticModel,
  syntheticRatings,
  syntheticUser,
} from '../unit/profile-synthetic-model.ts';

const K = 20;
const params = syntheticModel(20_000, K, 1);
const user = syntheticUser(params, 2);
const ratings = syntheticRatings(params, user, 1000, 3);
const comps = syntheticComparisons(params, user, 400, 4);
const base = comps.slice(0, 200);

const t0 = performance.now();
const full = fitTheta(params, ratings, base);
const fullMs = performance.now() - t0;
const t1 = performance.now();
fitTheta(params, ratings, base, { slope: full.slope });
const fixedSlopeMs = performance.now() - t1;

const times: number[] = [];
// Fresh state per round so every update is "1,000 ratings + 200 comparisons + this answer".
for (let round = 0; round < 3; round++) {
  const inc = new IncrementalTheta(params, full, ratings, base);
  for (const c of comps.slice(200 + round * 50, 250 + round * 50)) {
    const s = performance.now();
    inc.addComparison(c);
    times.push(performance.now() - s);
  }
}
// An in-app rating (quick start / Rate view) updates the same way.
const rateTimes: number[] = [];
const extra = syntheticRatings(params, user, 1100, 5)
  .filter((r) => !ratings.some((q) => q.item === r.item))
  .slice(0, 50);
const incR = new IncrementalTheta(params, full, ratings, base);
for (const r of extra) {
  const s = performance.now();
  incR.addRating(r);
  rateTimes.push(performance.now() - s);
}
rateTimes.sort((a, b) => a - b);
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
const mean = times.reduce((a, b) => a + b, 0) / times.length;
console.log(`theta, K=${K}: 1,000 ratings + 200 comparisons, ${times.length} incremental updates`);
console.log(
  `  incremental update (one comparison): mean ${mean.toFixed(2)} ms, median ${pct(0.5).toFixed(2)} ms, p95 ${pct(0.95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms  (target < 20 ms: ${pct(0.95) < 20 ? 'met' : 'MISSED'})`,
);
console.log(
  `  incremental update (one in-app rating): median ${rateTimes[rateTimes.length >> 1]!.toFixed(2)} ms, max ${rateTimes.at(-1)!.toFixed(2)} ms`,
);
console.log(
  `  full fit from scratch (update, slope search): ${fullMs.toFixed(1)} ms; at a fixed slope: ${fixedSlopeMs.toFixed(1)} ms`,
);
console.log(
  `  ratio full/incremental (median): ${(fullMs / pct(0.5)).toFixed(0)}x; fitted slope ${full.slope.toFixed(3)}`,
);
