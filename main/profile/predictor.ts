// Your taste at prediction time: the active model, your fitted posterior and the lookup from a
// title to the model's item, behind one object (the role implicit's model object or LensKit's
// scorer plays). Built once per request in main (ProfileService.predictor()) and once per refresh
// in the compute worker. The predictive interval is computed here and nowhere else.
import type { Database } from 'better-sqlite3';
import { itemOf } from '../catalogue/items.ts';
import { AppError } from '../errors.ts';
import { zForCentral } from '../model/service.ts';
import type { ModelParams } from '../model/types.ts';
import { sourceOf } from '../model/service.ts';
import type { ItemPosterior, PosteriorSource } from '../model/types.ts';
import { loadFit } from './store.ts';
import { predictUserScale } from './theta/predict.ts';
import type { ThetaPosterior } from './theta/types.ts';

/** The central interval every view shows: 80%. */
export const INTERVAL_LEVEL = 0.8;
const Z = zForCentral(INTERVAL_LEVEL);

export const NO_FIT_MESSAGE =
  'There is no taste profile yet: import your IMDb ratings export or rate a few films (Profile), then refresh.';

/** A predicted rating on your 1-10 scale: mean, variance and the central interval (within 1..10). */
export interface Predicted {
  mean: number;
  variance: number;
  low: number;
  high: number;
}

export type PredictorModel = ModelParams & { id: number };

export class Predictor {
  readonly model: PredictorModel;
  readonly posterior: ThetaPosterior;
  /** When the posterior was stored, and whether by a full fit or incremental updates. */
  readonly fit: { kind: 'full' | 'incremental'; fittedAt: string } | null;
  private readonly lookup: (tconst: string) => number;

  /** A title's item posterior from its metadata (titles the ratings never placed), when known. */
  private readonly placed: ((tconst: string) => ItemPosterior | null) | undefined;

  constructor(
    model: PredictorModel,
    posterior: ThetaPosterior,
    lookup: (tconst: string) => number,
    fit: Predictor['fit'] = null,
    placed?: (tconst: string) => ItemPosterior | null,
  ) {
    this.model = model;
    this.posterior = posterior;
    this.lookup = lookup;
    this.fit = fit;
    this.placed = placed;
  }

  /** The model's item index for a title, or -1 when the model has no factors for it. */
  itemOf(tconst: string): number {
    return this.lookup(tconst);
  }

  predict(item: number): Predicted {
    return interval(predictUserScale(this.model, this.posterior, item));
  }

  /**
   * Any catalogue title: through the model's item when its ratings placed it (source "ratings"),
   * else through the posterior the metadata model predicts for it (source "metadata"; wider where
   * its metadata says little), or null when neither knows it.
   */
  predictTitle(
    tconst: string,
  ): { item: number; source: PosteriorSource; predicted: Predicted; placed?: ItemPosterior } | null {
    const item = this.itemOf(tconst);
    if (item >= 0) return { item, source: sourceOf(this.model, item), predicted: this.predict(item) };
    const placed = this.placed?.(tconst);
    if (!placed) return null;
    // The title as a one-item model: the same predictive formula over its metadata posterior.
    const one: ModelParams = {
      ...this.model,
      itemIds: Int32Array.of(-1),
      itemCounts: Int32Array.of(0),
      itemBiasMean: Float32Array.of(placed.bias),
      itemBiasVar: Float32Array.of(placed.biasVariance),
      itemFactorMean: placed.mean,
      itemFactorVar: placed.variance,
    };
    return {
      item: -1,
      source: 'metadata',
      predicted: interval(predictUserScale(one, this.posterior, 0)),
      placed,
    };
  }
}

function interval(p: { mean: number; variance: number }): Predicted {
  const half = Z * Math.sqrt(p.variance);
  return {
    mean: clamp(p.mean),
    variance: p.variance,
    low: clamp(p.mean - half),
    high: clamp(p.mean + half),
  };
}

const clamp = (x: number) => Math.min(10, Math.max(1, x));
const round1 = (x: number) => Math.round(x * 10) / 10;

/** A prediction as every view and `--json` shows it: to one decimal. */
export function shown(p: Predicted): { predicted: number; low: number; high: number } {
  return { predicted: round1(p.mean), low: round1(p.low), high: round1(p.high) };
}

/**
 * The predictor for `model` from the stored fit (null: nothing fitted for it yet). `lookup` maps a
 * title to an item; by default through the catalogue (the worker passes its loaded arrays' map).
 */
export function readPredictor(
  db: Database,
  model: PredictorModel,
  lookup: (tconst: string) => number = (t) => itemOf(db, model, t),
  placed?: (tconst: string) => ItemPosterior | null,
): Predictor | null {
  const fit = loadFit(db, model.id);
  return (
    fit && new Predictor(model, fit.posterior, lookup, { kind: fit.kind, fittedAt: fit.fittedAt }, placed)
  );
}

/** The same, or NO_DATA when there is no fit (the callers that cannot go on without one). */
export function requirePredictor(
  db: Database,
  model: PredictorModel,
  lookup?: (tconst: string) => number,
): Predictor {
  const p = readPredictor(db, model, lookup);
  if (!p) throw new AppError('NO_DATA', NO_FIT_MESSAGE);
  return p;
}
