// The title page's facts, read from the catalogue (IMDb when loaded, MovieLens otherwise), your
// rating, and your predicted rating: the model's predictive distribution for your fitted taste on
// your 1-10 scale, with its central 80% interval. A handful of indexed lookups: fine on main.
import type { Database } from 'better-sqlite3';
import { creditsOf } from '../catalogue/credits.ts';
import { splitGenres } from '../catalogue/genres.ts';
import { imdbRatingOf, imdbTitle } from '../catalogue/titles.ts';
import { AppError } from '../errors.ts';
import type { ActiveModel } from '../model/types.ts';
import { itemOf } from '../catalogue/items.ts';
import { INTERVAL_LEVEL, shown, type Predictor } from '../profile/predictor.ts';
import { movieLensNames } from '../catalogue/normalise.ts';
import { sourceOf } from '../model/service.ts';
import type { TitlePage } from './types.ts';

export function titlePage(
  db: Database,
  tconst: string,
  model: ActiveModel | null,
  predictor: Predictor | null,
): TitlePage {
  const imdb = imdbTitle(db, tconst);
  const ml = db
    .prepare<[string], { title: string; year: number | null; genres: string }>(
      'SELECT title, year, genres FROM movies WHERE tconst = ? ORDER BY movie_id LIMIT 1',
    )
    .get(tconst);
  if (!imdb && !ml) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
  const mlNames = ml ? movieLensNames(ml.title) : null;
  const ratings = imdbRatingOf(db, tconst);
  const mine = db
    .prepare<[string], { rating: number; source: 'imported' | 'in-app'; date_rated: string | null }>(
      'SELECT rating, source, date_rated FROM profile_ratings WHERE tconst = ?',
    )
    .get(tconst);
  // IMDb's genres first here: the page describes the title (a series has no MovieLens genres).
  const genres = imdb?.genres ? splitGenres(null, imdb.genres) : splitGenres(ml?.genres);
  const item = model ? itemOf(db, model, tconst) : -1;
  // A title outside MovieLens is predicted from its metadata when the catalogue holds it.
  const placed = predictor && item < 0 ? predictor.predictTitle(tconst) : null;
  let prediction: TitlePage['prediction'] = null;
  let predictionNote: string | null = null;
  if (!model) predictionNote = 'No prediction yet: train the model (Settings → Training).';
  else if (item < 0 && !placed)
    predictionNote = predictor
      ? 'The model does not know this title (not a MovieLens film, and IMDb has too little on it).'
      : 'No prediction yet: rate a few films or import your ratings so your taste can be fitted.';
  else if (!predictor)
    predictionNote =
      'No prediction yet: rate a few films or import your ratings so your taste can be fitted.';
  else {
    const { predicted, low, high } = shown(placed ? placed.predicted : predictor.predict(item));
    const source = placed ? placed.source : sourceOf(predictor.model, item);
    prediction = { mean: predicted, low, high, level: INTERVAL_LEVEL, source };
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
    imdbRating: ratings?.rating ?? null,
    imdbVotes: ratings?.votes ?? null,
    yourRating: mine ? { rating: mine.rating, source: mine.source, dateRated: mine.date_rated } : null,
    prediction,
    predictionNote,
    inModel: item >= 0,
  };
}
