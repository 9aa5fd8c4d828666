// Fits the metadata model after training (CB2CF-style; see README "Titles outside MovieLens" for the
// measurement behind that choice): the trained items' posterior means are the targets, one ridge
// regression per target (bias, then each factor) on the title's features and its people.
import { defaultTrainOptions } from '../options.ts';
import type { ModelParams } from '../types.ts';
// eslint-disable-next-line no-restricted-imports -- model/metadata/ is another helper's (p21's) this round: the face for this import lands after the merge
import { cholesky, cholInverse } from '../../profile/theta/linalg.ts';
import { encode, featureSpace } from './features.ts';
import { MetadataModel, PEOPLE_COLUMNS } from './model.ts';
import { buildPools, pooled, type Pools } from './people.ts';
import { toReps } from './reps.ts';
import { ROLES, type MetadataFitOptions, type MetadataFitReport, type TitleMetadata } from './types.ts';

export const DEFAULT_METADATA_OPTIONS: MetadataFitOptions = {
  features: 'people',
  ridge: 5,
  kappa: 2,
  // Both measured on the time split (test/integration/metadata-time-split.test.ts; README).
  minCount: 20,
  recentre: 8,
  biasPrior: defaultTrainOptions.itemBiasPrior,
};

/**
 * For ranking metadata-only titles among trained ones in one list: plain CB2CF on every trained
 * film (targets the trained means, shrunk by how few ratings a film has), so a new title is shrunk
 * as a trained film with its metadata and likely audience would be. Measured on the time split's
 * mixed lists (README); the default options predict the rating better but flood lists with new titles.
 */
export const LIST_METADATA_OPTIONS: Partial<MetadataFitOptions> = { recentre: 0, minCount: 1 };

/**
 * The metadata model of a trained model: `metadata` maps MovieLens movieIds (params.itemIds) to what
 * IMDb has for them; the items with at least options.minCount training ratings and metadata are
 * the training set.
 */
export function fitMetadataModel(
  params: ModelParams,
  metadata: ReadonlyMap<number, TitleMetadata>,
  options: Partial<MetadataFitOptions> = {},
): { model: MetadataModel; report: MetadataFitReport } {
  const started = performance.now();
  const o = { ...DEFAULT_METADATA_OPTIONS, ...options };
  const dim = params.dim;
  const width = dim + 1;
  const items: number[] = [];
  const titles: TitleMetadata[] = [];
  for (let i = 0; i < params.itemIds.length; i++) {
    const t = metadata.get(params.itemIds[i]!);
    if (t && params.itemCounts[i]! >= o.minCount) {
      items.push(i);
      titles.push(t);
    }
  }
  const n = items.length;
  if (n < 50)
    throw new Error(`The metadata model needs at least 50 trained titles with metadata; there are ${n}.`);
  // The trained posterior means (raw), their variances, and V / P per target (see `recentre`).
  const raw = new Float64Array(n * width);
  const shrink = new Float64Array(n * width);
  const targetVarMean = new Float64Array(width);
  items.forEach((i, r) => {
    raw[r * width] = params.itemBiasMean[i]!;
    shrink[r * width] = Math.min(1, params.itemBiasVar[i]! / o.biasPrior);
    targetVarMean[0]! += params.itemBiasVar[i]! / n;
    for (let k = 0; k < dim; k++) {
      const v = params.itemFactorVar[i * dim + k]!;
      raw[r * width + k + 1] = params.itemFactorMean[i * dim + k]!;
      shrink[r * width + k + 1] = Math.min(1, v / params.priorVar[k]!);
      targetVarMean[k + 1]! += v / n;
    }
  });
  const space = featureSpace(o.features, titles);
  const nb = space.names.length;
  const usePeople = o.features === 'people';
  const columns = nb + (usePeople ? PEOPLE_COLUMNS : 0);
  const base = new Float64Array(n * nb);
  const row = new Float64Array(nb);
  titles.forEach((t, r) => base.set(encode(space, t, row), r * nb));

  // Pass 0 fits the trained means; each further pass the means re-centred on the last fit.
  let fit = regress(raw, base, titles, n, nb, columns, width, usePeople, o);
  for (let pass = 0; pass < o.recentre; pass++) {
    const targets = new Float64Array(n * width);
    for (let x = 0; x < n * width; x++) targets[x] = raw[x]! + shrink[x]! * fit.predicted[x]!;
    fit = regress(targets, base, titles, n, nb, columns, width, usePeople, o);
  }
  const { center, weights, inverse, sse, sst, pools } = fit;
  const residualVar = new Float64Array(width);
  const marginalVar = new Float64Array(width);
  const targetVar: number[] = [];
  for (let j = 0; j < width; j++) {
    // In-sample residuals understate the error on a new title: the usual n / (n - p) correction.
    residualVar[j] = sse[j]! / Math.max(1, n - columns) + targetVarMean[j]!;
    marginalVar[j] = sst[j]! / n + targetVarMean[j]!;
    targetVar.push(sst[j]! / n);
  }
  const model = new MetadataModel({
    dim,
    options: o,
    space,
    center,
    columns,
    weights,
    inverse,
    residualVar,
    marginalVar,
    people: pools ? toReps(pools, width, o.kappa) : null,
  });
  const report: MetadataFitReport = {
    items: n,
    features: o.features,
    dim,
    columns,
    residualVar: [...residualVar],
    targetVar,
    people: {
      directors: pools?.directors.count.size ?? 0,
      writers: pools?.writers.count.size ?? 0,
      cast: pools?.cast.count.size ?? 0,
    },
    seconds: (performance.now() - started) / 1000,
  };
  return { model, report };
}

interface Regression {
  center: Float64Array;
  weights: Float64Array;
  inverse: Float64Array;
  /** In-sample predictions (uncentred): [n * width]. */
  predicted: Float64Array;
  sse: Float64Array;
  sst: Float64Array;
  pools: Pools | null;
}

/** One ridge regression per target on the titles' base columns and (people) their pooled people. */
function regress(
  rawTargets: Float64Array,
  base: Float64Array,
  titles: readonly TitleMetadata[],
  n: number,
  nb: number,
  columns: number,
  width: number,
  usePeople: boolean,
  o: MetadataFitOptions,
): Regression {
  const center = new Float64Array(width);
  const targets = rawTargets.slice();
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) center[j]! += targets[r * width + j]! / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) targets[r * width + j]! -= center[j]!;
  const pools = usePeople ? buildPools(titles, targets, width) : null;
  const peopleCols = new Float64Array(usePeople ? n * ROLES.length * width : 0);
  const knownCols = new Float64Array(usePeople ? n * ROLES.length : 0);
  if (pools) {
    const out = new Float64Array(ROLES.length * width);
    const known = new Float64Array(ROLES.length);
    titles.forEach((t, r) => {
      pooled(pools, t, width, o.kappa, out, known, targets.subarray(r * width, (r + 1) * width));
      peopleCols.set(out, r * ROLES.length * width);
      knownCols.set(known, r * ROLES.length);
    });
  }
  const weights = new Float64Array(width * columns);
  const inverse = new Float64Array(width * columns * columns);
  const predicted = new Float64Array(n * width);
  const sse = new Float64Array(width);
  const sst = new Float64Array(width);
  const x = new Float64Array(columns);
  const fill = (r: number, j: number) => {
    x.set(base.subarray(r * nb, (r + 1) * nb));
    if (usePeople) {
      for (let q = 0; q < ROLES.length; q++) {
        x[nb + q] = peopleCols[r * ROLES.length * width + q * width + j]!;
        x[nb + ROLES.length + q] = knownCols[r * ROLES.length + q]!;
      }
    }
  };
  for (let j = 0; j < width; j++) {
    const a = new Float64Array(columns * columns);
    const b = new Float64Array(columns);
    for (let r = 0; r < n; r++) {
      fill(r, j);
      const y = targets[r * width + j]!;
      for (let p = 0; p < columns; p++) {
        const xp = x[p]!;
        if (xp === 0) continue;
        b[p]! += xp * y;
        for (let q = 0; q < columns; q++) a[p * columns + q]! += xp * x[q]!;
      }
    }
    // The intercept is not penalised (the targets are centred, so it stays near zero anyway).
    for (let p = 0; p < columns; p++) a[p * columns + p]! += p === 0 ? 1e-6 : o.ridge;
    const l = cholesky(a, columns);
    if (!l) throw new Error(`The metadata regression for target ${j} is singular.`);
    const inv = cholInverse(l, columns);
    inverse.set(inv, j * columns * columns);
    for (let p = 0; p < columns; p++) {
      let w = 0;
      for (let q = 0; q < columns; q++) w += inv[p * columns + q]! * b[q]!;
      weights[j * columns + p] = w;
    }
    for (let r = 0; r < n; r++) {
      fill(r, j);
      let pred = 0;
      for (let p = 0; p < columns; p++) pred += weights[j * columns + p]! * x[p]!;
      const y = targets[r * width + j]!;
      predicted[r * width + j] = center[j]! + pred;
      sse[j]! += (y - pred) ** 2;
      sst[j]! += y * y;
    }
  }
  return { center, weights, inverse, predicted, sse, sst, pools };
}
