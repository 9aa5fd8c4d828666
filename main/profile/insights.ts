// What the Profile view shows about a fit: your ratings with the model's prediction, your strongest
// taste factors described by the well-known films that load on them most, and a quick-start strip
// of popular, divisive films (the model's between-user variance: sum_k priorVar_k beta_ik^2).
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { parseGenres } from '../catalogue/genres.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { sourceOf } from '../model/service.ts';
import type { FitModel } from './fit-model.ts';
import type { StoredFit } from './store.ts';
import { predictUserScale } from './theta/predict.ts';
import type { FactorFilm, FactorInsight, ProfileRating, QuickStartFilm } from './types.ts';

interface RatingRow {
  tconst: string;
  rating: number;
  source: 'imported' | 'in-app';
  title: string;
  original_title: string | null;
  title_type: string;
  year: number | null;
  genres: string | null;
  date_rated: string | null;
}

/**
 * Your ratings with the prediction of each, through `fit` (your fit model: trained films and your
 * titles placed by their metadata), when a posterior exists.
 */
export function ratingsWithPredictions(
  db: Database,
  fit: Pick<FitModel, 'params' | 'itemOf'> | null,
  post: Pick<StoredFit, 'posterior'> | null,
): ProfileRating[] {
  const rows = db
    .prepare<[], RatingRow>('SELECT * FROM profile_ratings ORDER BY date_rated DESC, title')
    .all();
  const ids = movieIdsByTconst(
    db,
    rows.map((r) => r.tconst),
  );
  return rows.map((r) => {
    const { movieId } = resolveItem(fit?.params ?? null, ids.get(r.tconst));
    const item = fit ? fit.itemOf(r.tconst) : -1;
    const predicted =
      fit && post && item >= 0
        ? Math.round(predictUserScale(fit.params, post.posterior, item).mean * 10) / 10
        : null;
    const posteriorSource = fit && item >= 0 ? sourceOf(fit.params, item) : null;
    return {
      tconst: r.tconst,
      rating: r.rating,
      source: r.source,
      title: r.title,
      originalTitle: r.original_title,
      titleType: r.title_type,
      year: r.year,
      genres: parseGenres(r.genres),
      dateRated: r.date_rated,
      movieId,
      inModel: posteriorSource === 'ratings',
      posteriorSource,
      predicted,
    };
  });
}

/** Well-known items (most training ratings), so the films describing a factor are recognisable. */
export function popularItems(model: ModelParams, n: number): number[] {
  const idx = Array.from(model.itemCounts.keys());
  idx.sort((a, b) => model.itemCounts[b]! - model.itemCounts[a]!);
  return idx.slice(0, n);
}

/** The well-known films at each end of factor j (most positive loadings first in `high`). */
export function factorPoles(
  db: Database,
  model: ModelParams,
  j: number,
  films = 4,
  pool: number[] = popularItems(model, 1500),
): { high: FactorFilm[]; low: FactorFilm[] } {
  const k = model.dim;
  const titleOf = db.prepare<[number], { title: string; year: number | null; tconst: string | null }>(
    'SELECT title, year, tconst FROM movies WHERE movie_id = ?',
  );
  const describe = (item: number): FactorFilm => {
    const m = titleOf.get(model.itemIds[item]!);
    return {
      tconst: m?.tconst ?? null,
      title: m?.title ?? `MovieLens #${model.itemIds[item]}`,
      year: m?.year ?? null,
      loading: model.itemFactorMean[item * k + j]!,
    };
  };
  const sorted = [...pool].sort(
    (a, b) => model.itemFactorMean[b * k + j]! - model.itemFactorMean[a * k + j]!,
  );
  return {
    high: sorted.slice(0, films).map(describe),
    low: sorted.slice(-films).reverse().map(describe),
  };
}

export function factorInsights(
  db: Database,
  model: ModelParams,
  fit: Pick<StoredFit, 'posterior'>,
  top = 3,
  films = 4,
): FactorInsight[] {
  const k = model.dim;
  const d = k + 1;
  const { mean, cov } = fit.posterior;
  const factors = Array.from({ length: k }, (_, j) => ({
    j,
    strength: mean[j + 1]! / Math.sqrt(model.priorVar[j]!),
    certainty: mean[j + 1]! / Math.sqrt(cov[(j + 1) * d + j + 1]!),
  }));
  factors.sort((a, b) => Math.abs(b.strength) - Math.abs(a.strength));
  const pool = popularItems(model, 1500);
  return factors.slice(0, top).map(({ j, strength, certainty }) => {
    const { high, low } = factorPoles(db, model, j, films, pool);
    return {
      factor: j + 1,
      strength,
      certainty,
      leansTo: strength >= 0 ? high : low,
      awayFrom: strength >= 0 ? low : high,
    };
  });
}

/** Popular films people disagree about, not yet rated: a new user's first few clicks. */
export function quickStart(db: Database, model: ModelParams | null, limit = 18): QuickStartFilm[] {
  if (!hasCatalogue(db)) return [];
  const rated = new Set(db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all());
  const candidates = db
    .prepare<
      [],
      {
        movie_id: number;
        tconst: string;
        title: string;
        year: number | null;
        genres: string;
        ml_votes: number;
        ml_mean: number | null;
      }
    >(
      'SELECT movie_id, tconst, title, year, genres, ml_votes, ml_mean FROM movies WHERE tconst IS NOT NULL ORDER BY ml_votes DESC LIMIT 400',
    )
    .all()
    .filter((m) => !rated.has(m.tconst));
  const spread = (movieId: number): number => {
    if (!model) return 1;
    const item = resolveItem(model, [movieId]).item;
    if (item < 0) return 0;
    let v = 0;
    for (let j = 0; j < model.dim; j++)
      v += model.priorVar[j]! * model.itemFactorMean[item * model.dim + j]! ** 2;
    return Math.sqrt(v);
  };
  return candidates
    .map((m) => ({ m, score: Math.log1p(m.ml_votes) * spread(m.movie_id) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ m }) => ({
      tconst: m.tconst,
      movieId: m.movie_id,
      title: m.title,
      year: m.year,
      genres: parseGenres(m.genres),
      votes: m.ml_votes,
      mean: m.ml_mean,
    }));
}
