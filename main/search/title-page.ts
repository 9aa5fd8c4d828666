// The title page's facts, read from the catalogue (IMDb when loaded, MovieLens otherwise), your
// rating, and your predicted rating: the model's predictive distribution for your fitted taste on
// your 1-10 scale, with its central 80% interval. A handful of indexed lookups: fine on main.
import type { Database } from 'better-sqlite3';
import { creditsOf } from '../datasets/credits.ts';
import { AppError } from '../errors.ts';
import { zForCentral } from '../model/predict.ts';
import type { ActiveModel } from '../model/store.ts';
import { movieIdsByTconst, resolveItem } from '../profile/catalogue.ts';
import type { StoredFit } from '../profile/store.ts';
import { predictUserScale } from '../profile/theta/predict.ts';
import { movieLensNames } from './normalise.ts';
import type { TitlePage } from './types.ts';

export const INTERVAL_LEVEL = 0.8;

interface ImdbRow {
  title_type: string;
  primary_title: string;
  original_title: string | null;
  start_year: number | null;
  end_year: number | null;
  runtime_minutes: number | null;
  genres: string | null;
}

export function titlePage(
  db: Database,
  tconst: string,
  model: ActiveModel | null,
  fit: StoredFit | null,
): TitlePage {
  const imdb = db.prepare<[string], ImdbRow>('SELECT * FROM imdb_titles WHERE tconst = ?').get(tconst);
  const ml = db
    .prepare<[string], { title: string; year: number | null; genres: string }>(
      'SELECT title, year, genres FROM movies WHERE tconst = ? ORDER BY movie_id LIMIT 1',
    )
    .get(tconst);
  if (!imdb && !ml) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
  const mlNames = ml ? movieLensNames(ml.title) : null;
  const ratings = db
    .prepare<[string], { average_rating: number; num_votes: number }>(
      'SELECT average_rating, num_votes FROM imdb_ratings WHERE tconst = ?',
    )
    .get(tconst);
  const mine = db
    .prepare<[string], { rating: number; source: 'imported' | 'in-app'; date_rated: string | null }>(
      'SELECT rating, source, date_rated FROM profile_ratings WHERE tconst = ?',
    )
    .get(tconst);
  const genres = imdb?.genres
    ? imdb.genres.split(',')
    : ml && ml.genres !== '(no genres listed)'
      ? ml.genres.split('|')
      : [];
  const { item } = resolveItem(model, movieIdsByTconst(db, [tconst]).get(tconst));
  let prediction: TitlePage['prediction'] = null;
  let predictionNote: string | null = null;
  if (!model) predictionNote = 'No prediction yet: train the model (Settings → Training).';
  else if (item < 0)
    predictionNote = 'The model does not know this title yet (it learns from MovieLens films).';
  else if (!fit)
    predictionNote =
      'No prediction yet: rate a few films or import your ratings so your taste can be fitted.';
  else {
    const p = predictUserScale(model, fit.posterior, item);
    const half = zForCentral(INTERVAL_LEVEL) * Math.sqrt(p.variance);
    const clamp = (x: number) => Math.min(10, Math.max(1, x));
    prediction = {
      mean: clamp(p.mean),
      low: clamp(p.mean - half),
      high: clamp(p.mean + half),
      level: INTERVAL_LEVEL,
    };
  }
  return {
    tconst,
    title: imdb?.primary_title ?? mlNames!.main,
    originalTitle: imdb
      ? imdb.original_title && imdb.original_title !== imdb.primary_title
        ? imdb.original_title
        : null
      : (mlNames!.alternates[0] ?? null),
    year: imdb?.start_year ?? ml?.year ?? null,
    endYear: imdb?.end_year ?? null,
    type: imdb?.title_type ?? 'movie',
    runtimeMinutes: imdb?.runtime_minutes ?? null,
    genres,
    ...creditsOf(db, tconst),
    imdbRating: ratings?.average_rating ?? null,
    imdbVotes: ratings?.num_votes ?? null,
    yourRating: mine ? { rating: mine.rating, source: mine.source, dateRated: mine.date_rated } : null,
    prediction,
    predictionNote,
    inModel: item >= 0,
  };
}
