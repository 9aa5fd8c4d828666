// One refresh, from a read-only database to the ranked titles: the user's fit, what to exclude
// (rated, compared, marked), the implicit affinity from what they watched (rated, compared or seen), the IMDb consensus
// on their scale, then draw, filter, rank and describe the top N. The model, its candidates and its
// implicit model are kept between refreshes (per model version and catalogue), so a refresh is
// the arithmetic only. Runs in the compute worker; the bench calls it directly.
import type { Database } from 'better-sqlite3';
import type { ActiveModel } from '../../model/types.ts';
import { requirePredictor, shown, type Predictor } from '../../profile/predictor.ts';
import { foldIn } from '../implicit/ease.ts';
import { sourceOf } from '../../model/service.ts';
import { withCatalogueTitles } from '../../model/service.ts';
import { DEFAULT_MIN_VOTES } from '../../datasets/types.ts';
import { excludedTconsts, loadImplicit } from '../store.ts';
import type {
  ImplicitModel,
  Recommendation,
  RecommendResult,
  RecommendTuning,
  ScoreTaskInput,
} from '../types.ts';
import { catalogueRevision } from '../../catalogue/datasets.ts';
import { buildCandidates, type Candidates } from './candidates.ts';
import { filterMask } from './filter.ts';
import { coldIndex, drawScores, topK, type ColdIndex } from './thompson.ts';

/** What stays loaded between refreshes for one model version and catalogue. */
export interface RefreshCache {
  key: string;
  model: ActiveModel;
  candidates: Candidates;
  implicit: ImplicitModel | null;
  /** The titles without training ratings and their score bounds (most are skipped per refresh). */
  cold: ColdIndex;
  /** Buffers a refresh fills, kept so a refresh allocates nothing the size of the catalogue
   * (affinity: the trained items only, cold.warmEnd long). */
  scores: Float64Array;
  mask: Uint8Array;
  affinity: Float32Array;
  /** The last filters' mask before exclusions (filters rarely change between refreshes). */
  filtered: { key: string; mask: Uint8Array; matching: number } | null;
}

/** The cache of a model (trained items, then the catalogue's cold titles) and its candidates. */
export function newRefreshCache(
  key: string,
  model: ActiveModel,
  candidates: Candidates,
  implicit: ImplicitModel | null,
): RefreshCache {
  const n = model.itemIds.length;
  const cold = coldIndex(model, candidates.mlVotes, candidates.imdbVotes);
  return {
    key,
    model,
    candidates,
    implicit,
    cold,
    scores: new Float64Array(n),
    mask: new Uint8Array(n),
    // The implicit model's items are trained ones (its affinity of a cold title is 0).
    affinity: new Float32Array(cold.warmEnd),
    filtered: null,
  };
}

export function cacheFor(
  db: Database,
  model: ActiveModel,
  previous: RefreshCache | null,
  minVotes = DEFAULT_MIN_VOTES,
): RefreshCache {
  // Whether the version's metadata model is stored yet: it adds the catalogue's titles outside MovieLens.
  const placed = db.prepare('SELECT 1 FROM metadata_models WHERE model_id = ?').pluck().get(model.id) === 1;
  const key = `${model.id}|${catalogueRevision(db)}|${placed}|${minVotes}`;
  if (previous?.key === key && previous.implicit) return previous;
  // An implicit model trained since the last refresh is picked up without rebuilding the rest.
  if (previous?.key === key) return { ...previous, implicit: loadImplicit(db, model.id) };
  // The catalogue's titles outside MovieLens, placed by the version's metadata model.
  const { model: all, cold } = withCatalogueTitles(db, model, minVotes);
  return newRefreshCache(key, all, buildCandidates(db, all, cold), loadImplicit(db, model.id));
}

/** The user's mean of (their rating - IMDb's) over the titles they rated that IMDb rates. */
export function imdbOffset(db: Database): number {
  const v = db
    .prepare<[], number | null>(
      // Looked up per rated title: a join lets SQLite scan all of imdb_ratings (750k rows) instead.
      'SELECT avg(p.rating - (SELECT average_rating FROM imdb_ratings r WHERE r.tconst = p.tconst)) FROM profile_ratings p',
    )
    .pluck()
    .get();
  return v ?? 0;
}

/** What a refresh needs to know about the user, read from the database. */
export interface UserState {
  /** The model, your posterior and the interval: read once per refresh. */
  predictor: Predictor;
  /** Item indices never to suggest (rated, compared, marked). */
  excluded: number[];
  /** Item indices the user watched (rated, compared or marked seen): the implicit model's input. */
  watched: number[];
  imdbOffset: number;
}

export function userState(db: Database, cache: RefreshCache): UserState {
  const c = cache.candidates;
  const itemOf = (t: string) => c.itemOfTconst.get(t) ?? -1;
  const predictor = requirePredictor(db, cache.model, itemOf);
  const { rated, compared, marked } = excludedTconsts(db);
  // A compared title counts as seen: measured, it lifts the served list's Recall@20 after 20 arena
  // answers (test/integration/elicit-arena-vs-ratings.test.ts).
  const watched = new Set([
    ...rated,
    ...compared,
    ...marked.filter((m) => m.mark === 'seen').map((m) => m.tconst),
  ]);
  return {
    predictor,
    excluded: [...new Set([...watched, ...marked.map((m) => m.tconst)])].map(itemOf).filter((i) => i >= 0),
    watched: [...watched].map(itemOf).filter((i) => i >= 0),
    imdbOffset: imdbOffset(db),
  };
}

/** Score, filter and rank: the item indices of the best `topN`, best first. */
export function rankItems(
  cache: RefreshCache,
  user: UserState,
  req: ScoreTaskInput['request'],
  tuning: RecommendTuning,
  predictive = true,
): { top: number[]; matching: number; implicit: boolean } {
  const topN = Math.max(1, req.topN ?? 30);
  const c = cache.candidates;
  const { mask, matching } = maskFor(cache, req, user.excluded);
  const implicit =
    cache.implicit && tuning.implicitWeight > 0
      ? foldIn(cache.implicit, c.n, user.watched, cache.affinity)
      : null;
  const consensus = tuning.consensusStrength > 0 ? { imdb: c.imdbRating, offset: user.imdbOffset } : null;
  drawScores(
    {
      params: cache.model,
      posterior: user.predictor.posterior,
      mask,
      votes: c.mlVotes,
      imdbVotes: c.imdbVotes,
      consensus,
      implicit,
      tuning,
      explore: req.explore,
      seed: req.seed,
      predictive,
      cold: cache.cold,
      keep: topN,
    },
    cache.scores,
  );
  return { top: topK(cache.scores, topN), matching, implicit: implicit !== null };
}

/** The filters' mask (kept while they stay the same) with the user's exclusions taken out. */
function maskFor(
  cache: RefreshCache,
  req: ScoreTaskInput['request'],
  excluded: readonly number[],
): { mask: Uint8Array; matching: number } {
  const key = JSON.stringify([
    req.genres,
    req.genreMode,
    req.yearMin,
    req.yearMax,
    req.runtimeMin,
    req.runtimeMax,
    req.minVotes,
    req.type,
  ]);
  if (cache.filtered?.key !== key) cache.filtered = { key, ...filterMask(cache.candidates, req, []) };
  const { mask } = cache;
  mask.set(cache.filtered.mask);
  let matching = cache.filtered.matching;
  for (const i of excluded)
    if (i >= 0 && i < mask.length && mask[i]) {
      mask[i] = 0;
      matching--;
    }
  return { mask, matching };
}

export function refresh(db: Database, cache: RefreshCache, input: ScoreTaskInput): RecommendResult {
  const started = performance.now();
  const { model, candidates: c } = cache;
  const user = userState(db, cache);
  const { top, matching, implicit } = rankItems(cache, user, input.request, input.tuning);
  const items = top.map((i): Recommendation => {
    const p = shown(user.predictor.predict(i));
    return {
      tconst: c.tconst[i]!,
      title: c.title[i]!,
      year: c.year[i]! || null,
      genres: c.genres[i]!,
      ...p,
      imdbRating: Number.isNaN(c.imdbRating[i]!) ? null : round1(c.imdbRating[i]!),
      imdbVotes: c.imdbVotes[i]! >= 0 ? c.imdbVotes[i]! : null,
      runtime: c.runtime[i]! || null,
      titleType: c.titleType[i]!,
      mlVotes: c.mlVotes[i]!,
      score: Math.round(cache.scores[i]! * 1000) / 1000,
      source: sourceOf(model, i),
      mark: null,
    };
  });
  return {
    items,
    seed: input.request.seed,
    explore: input.request.explore,
    candidates: c.itemOfTconst.size,
    matching,
    implicit,
    modelId: model.id,
    ms: performance.now() - started,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
