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
import { drawScores, topK } from './thompson.ts';

/** What stays loaded between refreshes for one model version and catalogue. */
export interface RefreshCache {
  key: string;
  model: ActiveModel;
  candidates: Candidates;
  implicit: ImplicitModel | null;
  scores: Float64Array;
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
  return {
    key,
    model: all,
    candidates: buildCandidates(db, all, cold),
    implicit: loadImplicit(db, model.id),
    scores: new Float64Array(all.itemIds.length),
  };
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
  const c = cache.candidates;
  const { mask, matching } = filterMask(c, req, user.excluded);
  const implicit =
    cache.implicit && tuning.implicitWeight > 0 ? foldIn(cache.implicit, c.n, user.watched) : null;
  const consensus = tuning.consensusStrength > 0 ? { imdb: c.imdbRating, offset: user.imdbOffset } : null;
  drawScores(
    {
      params: cache.model,
      posterior: user.predictor.posterior,
      mask,
      votes: c.mlVotes,
      consensus,
      implicit,
      tuning,
      explore: req.explore,
      seed: req.seed,
      predictive,
    },
    cache.scores,
  );
  return { top: topK(cache.scores, Math.max(1, req.topN ?? 30)), matching, implicit: implicit !== null };
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
