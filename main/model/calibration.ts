// check-calibration: trains on a seeded random split (or k folds) without touching any saved model,
// then scores the held-out ratings: RMSE/MAE against the global-mean and bias-only baselines, the
// coverage of central predictive intervals (the reliability curve), and predicted-vs-actual.
import type { RatingsMatrix } from '../datasets/types.ts';
import type { JobProgress } from '../jobs/types.ts';
import { fitBiasOnly } from './baselines.ts';
import { foldIds, splitMask } from './data.ts';
import { clamp, predictRating } from './epoch.ts';
import { predictiveZ } from './predictive-t.ts';
import { createRng } from './rng.ts';
import { trainModel } from './train.ts';
import type {
  CalibrationOptions,
  CalibrationReport,
  EpochMetrics,
  GpuAdapterSummary,
  RanBackend,
} from './types.ts';

export type { CalibrationOptions, CalibrationReport };

export const RELIABILITY_LEVELS = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99];

export interface CalibrationHooks {
  signal?: AbortSignal;
  onProgress?(p: JobProgress): void;
  onEpoch?(fold: number, m: EpochMetrics): void;
}

interface Acc {
  n: number;
  se: number;
  ae: number;
  baseSe: number;
  baseAe: number;
  biasSe: number;
  biasAe: number;
  sdSum: number;
  inside: number[];
  bins: Map<number, { sumActual: number; sumPred: number; count: number }>;
  points: { predicted: number; actual: number }[];
}

export async function checkCalibration(
  matrix: RatingsMatrix,
  options: CalibrationOptions,
  hooks: CalibrationHooks = {},
): Promise<CalibrationReport> {
  const started = performance.now();
  const folds = Math.max(1, Math.floor(options.folds));
  if (folds === 1 && !(options.holdout > 0 && options.holdout < 1))
    throw new RangeError(`holdout must be in (0, 1) (got ${options.holdout})`);
  if (folds > 20) throw new RangeError(`folds must be at most 20 (got ${folds})`);
  const nnz = matrix.ratings.length;
  const assignment =
    folds > 1 ? foldIds(nnz, folds, options.seed) : splitMask(nnz, options.holdout, options.seed);
  // Intervals of the Student-t predictive (predictive-t.ts): same variance, the shape the errors show.
  const zs = RELIABILITY_LEVELS.map(predictiveZ);
  const acc: Acc = {
    n: 0,
    se: 0,
    ae: 0,
    baseSe: 0,
    baseAe: 0,
    biasSe: 0,
    biasAe: 0,
    sdSum: 0,
    inside: zs.map(() => 0),
    bins: new Map(),
    points: [],
  };
  const perFold: CalibrationReport['perFold'] = [];
  const rand = createRng(options.seed ^ 0xca1);
  let backend: RanBackend = 'js';
  let adapter: GpuAdapterSummary | null = null;
  let backendReason = '';
  let noiseVar = 0;
  let epochsRun = 0;

  for (let f = 0; f < folds; f++) {
    const heldOut = folds > 1 ? Uint8Array.from(assignment, (x) => (x === f ? 1 : 0)) : assignment;
    const result = await trainModel(
      matrix,
      { ...options.train, seed: options.seed + f, heldOut },
      {
        signal: hooks.signal,
        keepState: true,
        onEpoch: (m) => hooks.onEpoch?.(f, m),
        onProgress: (p) =>
          hooks.onProgress?.({
            ...p,
            fraction: p.fraction !== undefined ? (f + p.fraction) / folds : undefined,
            message: folds > 1 ? `Fold ${f + 1}/${folds} · ${p.message ?? ''}` : p.message,
          }),
      },
    );
    backend = result.backend;
    adapter = result.adapter ?? null;
    backendReason = result.backendReason ?? '';
    epochsRun = result.epochs.length;
    const s = result.state!;
    const data = result.data!;
    noiseVar += s.noiseVar / folds;
    const bias = fitBiasOnly(data);
    const ex = data.heldOut;
    const fold = { n: 0, se: 0, ae: 0, in80: 0, in95: 0 };
    const z80 = predictiveZ(0.8);
    const z95 = predictiveZ(0.95);
    const keep = Math.min(1, 1500 / Math.max(1, nnz * (folds > 1 ? 1 : options.holdout)));
    for (let p = 0; p < ex.ratings.length; p++) {
      const u = ex.users[p]!;
      const i = ex.items[p]!;
      const r = ex.ratings[p]!;
      const pred = predictRating(s, u, i);
      const raw = pred.mean;
      const mean = clamp(raw, s.ratingMin, s.ratingMax);
      const sd = Math.sqrt(s.noiseVar + pred.modelVar);
      const err = r - mean;
      const base = r - data.mu;
      const b = r - clamp(bias.mu + bias.userBias[u]! + bias.itemBias[i]!, s.ratingMin, s.ratingMax);
      acc.n++;
      acc.se += err * err;
      acc.ae += Math.abs(err);
      acc.baseSe += base * base;
      acc.baseAe += Math.abs(base);
      acc.biasSe += b * b;
      acc.biasAe += Math.abs(b);
      acc.sdSum += sd;
      const zr = Math.abs(r - raw) / sd;
      for (let l = 0; l < zs.length; l++) if (zr <= zs[l]!) acc.inside[l]!++;
      fold.n++;
      fold.se += err * err;
      fold.ae += Math.abs(err);
      if (zr <= z80) fold.in80++;
      if (zr <= z95) fold.in95++;
      const key = Math.round(mean * 4) / 4;
      const bin = acc.bins.get(key) ?? { sumActual: 0, sumPred: 0, count: 0 };
      bin.sumActual += r;
      bin.sumPred += mean;
      bin.count++;
      acc.bins.set(key, bin);
      if (rand() < keep) acc.points.push({ predicted: round3(mean), actual: r });
    }
    perFold.push({
      rmse: Math.sqrt(fold.se / fold.n),
      mae: fold.ae / fold.n,
      coverage80: fold.in80 / fold.n,
      coverage95: fold.in95 / fold.n,
      epochs: result.epochs,
    });
  }

  const n = acc.n;
  const reliability = RELIABILITY_LEVELS.map((nominal, l) => ({ nominal, observed: acc.inside[l]! / n }));
  return {
    rmse: Math.sqrt(acc.se / n),
    mae: acc.ae / n,
    coverage80: reliability[RELIABILITY_LEVELS.indexOf(0.8)]!.observed,
    coverage95: reliability[RELIABILITY_LEVELS.indexOf(0.95)]!.observed,
    baselineRmse: Math.sqrt(acc.baseSe / n),
    baselineMae: acc.baseAe / n,
    biasOnlyRmse: Math.sqrt(acc.biasSe / n),
    biasOnlyMae: acc.biasAe / n,
    heldOut: n,
    folds,
    holdout: folds > 1 ? null : options.holdout,
    seed: options.seed,
    reliability,
    predictedVsActual: [...acc.bins.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([, b]) => ({
        predicted: round3(b.sumPred / b.count),
        actual: round3(b.sumActual / b.count),
        count: b.count,
      })),
    sample: acc.points.slice(0, 1500),
    meanPredictiveSd: acc.sdSum / n,
    noiseSd: Math.sqrt(noiseVar),
    perFold,
    backend,
    adapter,
    backendReason,
    dim: options.train.dim ?? 20,
    epochs: epochsRun,
    seconds: (performance.now() - started) / 1000,
  };
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;
