// Fits the metadata model after training (CB2CF-style; see README "Titles outside MovieLens" for the
// measurement behind that choice): the trained items' posterior means are the targets, one ridge
// regression per target (bias, then each factor) on the title's features and its people.
import type { ModelParams } from '../types.ts';
import { cholesky, cholInverse } from '../../profile/theta/linalg.ts';
import { encode, featureSpace } from './features.ts';
import { MetadataModel, PEOPLE_COLUMNS } from './model.ts';
import { buildPools, pooled } from './people.ts';
import { toReps } from './reps.ts';
import { ROLES, type MetadataFitOptions, type MetadataFitReport, type TitleMetadata } from './types.ts';

export const DEFAULT_METADATA_OPTIONS: MetadataFitOptions = {
  features: 'people',
  ridge: 5,
  kappa: 2,
  minCount: 5,
};

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
  // Centred targets and their posterior variances.
  const center = new Float64Array(width);
  const targets = new Float64Array(n * width);
  const targetVarMean = new Float64Array(width);
  items.forEach((i, r) => {
    targets[r * width] = params.itemBiasMean[i]!;
    targetVarMean[0]! += params.itemBiasVar[i]! / n;
    for (let k = 0; k < dim; k++) {
      targets[r * width + k + 1] = params.itemFactorMean[i * dim + k]!;
      targetVarMean[k + 1]! += params.itemFactorVar[i * dim + k]! / n;
    }
  });
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) center[j]! += targets[r * width + j]! / n;
  for (let r = 0; r < n; r++) for (let j = 0; j < width; j++) targets[r * width + j]! -= center[j]!;

  const space = featureSpace(o.features, titles);
  const nb = space.names.length;
  const usePeople = o.features === 'people';
  const columns = nb + (usePeople ? PEOPLE_COLUMNS : 0);
  const base = new Float64Array(n * nb);
  const row = new Float64Array(nb);
  titles.forEach((t, r) => base.set(encode(space, t, row), r * nb));
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
  const residualVar = new Float64Array(width);
  const marginalVar = new Float64Array(width);
  const targetVar: number[] = [];
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
    let sse = 0;
    let sst = 0;
    for (let r = 0; r < n; r++) {
      fill(r, j);
      let pred = 0;
      for (let p = 0; p < columns; p++) pred += weights[j * columns + p]! * x[p]!;
      const y = targets[r * width + j]!;
      sse += (y - pred) ** 2;
      sst += y * y;
    }
    // In-sample residuals understate the error on a new title: the usual n / (n - p) correction.
    residualVar[j] = sse / Math.max(1, n - columns) + targetVarMean[j]!;
    marginalVar[j] = sst / n + targetVarMean[j]!;
    targetVar.push(sst / n);
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
