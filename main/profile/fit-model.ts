// The model a taste fit runs over: the active model with the titles of your profile it has no item
// for (films newer than MovieLens, series) appended as items placed by the version's metadata model
// (issue 21). Their ratings and comparisons then inform theta through the predicted posterior, and
// count less where it is uncertain: a rating's noise variance in the fit holds the item's posterior
// variance (theta/fit.ts), a wide metadata guess included. Titles the metadata model cannot place
// (not an IMDb film, TV film, series or mini-series, or no IMDb rating row) stay out, as before.
import type { Database } from 'better-sqlite3';
import { itemOf, movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { titleMetadataOf, withColdItems } from '../model/service.ts';
import type { ActiveModel, ItemPosterior, TitleMetadata } from '../model/types.ts';

/** What places a title from its metadata (the version's MetadataModel). */
export interface TitlePlacer {
  posterior(t: TitleMetadata): ItemPosterior;
}

/**
 * The vote floor for titles you rated or compared: none. The catalogue's floor decides which titles
 * are candidates; a title you watched counts whatever its votes, its wider posterior saying how much.
 */
export const FIT_MIN_VOTES = 0;

export interface FitModel {
  /** The active model, with the placed titles appended (the same object when none are). */
  params: ActiveModel;
  /** A title's item in `params`: a trained film, an appended title, or -1. */
  itemOf(tconst: string): number;
  /** The appended titles: tconst -> item index. */
  placed: ReadonlyMap<string, number>;
  /** Whether `tconst` was considered when this was built (else building again may place it). */
  covers(tconst: string): boolean;
  /** Changes when the items change (the model version or the placed titles). */
  key: string;
}

/** Every title your profile names: rated, compared (either side). */
export function profileTitles(db: Database): string[] {
  return db
    .prepare<[], string>(
      `SELECT tconst FROM profile_ratings
       UNION SELECT winner_tconst FROM profile_comparisons UNION SELECT loser_tconst FROM profile_comparisons`,
    )
    .pluck()
    .all();
}

/**
 * `model` with those of `tconsts` it has no item for appended, each placed by `placer` (null: no
 * metadata model for this version, so nothing is appended). Appended items get ids above every
 * MovieLens movieId, in the order given, so the model's ids stay sorted.
 */
export function buildFitModel(
  db: Database,
  model: ActiveModel,
  placer: TitlePlacer | null,
  tconsts: Iterable<string>,
  previous?: FitModel,
): FitModel {
  const considered = new Set(tconsts);
  const ids = movieIdsByTconst(db, considered);
  const trained = (t: string) => resolveItem(model, ids.get(t)).item;
  // `previous` (same model and placer) lends the posteriors it placed: reading a title's metadata
  // costs a few queries, and the arena may rebuild after any answer.
  const lent = previous?.params.id === model.id ? previous : undefined;
  const cold: { tconst: string; posterior: ItemPosterior }[] = [];
  if (placer) {
    for (const t of [...considered].sort()) {
      if (trained(t) >= 0) continue;
      const known = lent?.placed.get(t);
      if (known !== undefined) {
        cold.push({ tconst: t, posterior: posteriorAt(lent!.params, known) });
        continue;
      }
      const m = titleMetadataOf(db, t, FIT_MIN_VOTES);
      if (m) cold.push({ tconst: t, posterior: placer.posterior(m) });
    }
  }
  const n0 = model.itemIds.length;
  const placed = new Map(cold.map((c, e) => [c.tconst, n0 + e]));
  const key = `${model.id}:${[...placed.keys()].join(',')}`;
  let params = model;
  // The same titles placed: the same params object (the arena's per-model caches hold).
  if (lent && lent.key === key) params = lent.params;
  else if (cold.length) {
    let top = 0;
    for (const id of model.itemIds) top = Math.max(top, id);
    params = {
      ...withColdItems(
        model,
        cold.map((_, e) => top + 1 + e),
        cold.map((c) => c.posterior),
      ),
      id: model.id,
    };
  }
  return {
    params,
    placed,
    itemOf: (t) => placed.get(t) ?? (considered.has(t) ? trained(t) : itemOf(db, model, t)),
    covers: (t) => considered.has(t),
    key,
  };
}

function posteriorAt(params: ActiveModel, item: number): ItemPosterior {
  const k = params.dim;
  return {
    mean: params.itemFactorMean.slice(item * k, (item + 1) * k),
    variance: params.itemFactorVar.slice(item * k, (item + 1) * k),
    bias: params.itemBiasMean[item]!,
    biasVariance: params.itemBiasVar[item]!,
  };
}
