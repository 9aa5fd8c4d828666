// The catalogue's titles outside MovieLens (IMDb films, TV films, series and mini-series above the
// vote floor that no MovieLens film is), appended to a model version as cold items placed by its
// metadata model, so a refresh scores, filters and ranks them beside the trained films unchanged.
import type { Database } from 'better-sqlite3';
import { parseGenres } from '../../catalogue/genres.ts';
import { DEFAULT_MIN_VOTES } from '../../datasets/types.ts';
import type { Settings } from '../../settings/types.ts';
import type { ActiveModel } from '../types.ts';
import { withColdItems } from './cold-items.ts';
import { CATALOGUE_TYPES, loadTitleMetadata } from './load.ts';
import { loadMetadataModel } from './store.ts';

/** The catalogue's vote floor: Settings → Data, else DEFAULT_MIN_VOTES. */
export function catalogueMinVotes(settings: Pick<Settings, 'catalogue'>): number {
  return settings.catalogue?.minVotes ?? DEFAULT_MIN_VOTES;
}

/** What a candidate list shows of a cold title (the facts MovieLens would have given). */
export interface ColdTitle {
  tconst: string;
  title: string;
  year: number | null;
  genres: string[];
  rating: number;
  votes: number;
  runtime: number | null;
  titleType: string;
}

/**
 * `model` with the catalogue's cold titles appended (item ids above every MovieLens movieId, so the
 * item ids stay sorted), and those titles in item order; the model unchanged when the version has
 * no metadata model.
 */
export function withCatalogueTitles(
  db: Database,
  model: ActiveModel,
  minVotes: number,
): { model: ActiveModel; cold: ColdTitle[] } {
  const metadata = loadMetadataModel(db, model.id)?.model;
  if (!metadata) return { model, cold: [] };
  const cold = db
    .prepare<[number], ColdTitle & { genres: string | null }>(
      `SELECT t.tconst, t.primary_title AS title, t.start_year AS year, t.genres, r.average_rating AS rating,
              r.num_votes AS votes, t.runtime_minutes AS runtime, t.title_type AS titleType
       FROM imdb_ratings r JOIN imdb_titles t ON t.tconst = r.tconst
       WHERE r.num_votes >= ? AND t.title_type IN (${CATALOGUE_TYPES.map((x) => `'${x}'`).join(', ')})
         AND t.tconst NOT IN (SELECT tconst FROM movies WHERE tconst IS NOT NULL)
       ORDER BY t.tconst`,
    )
    .all(minVotes)
    .map((r) => ({ ...r, genres: parseGenres(r.genres) }));
  if (cold.length === 0) return { model, cold };
  const titles = loadTitleMetadata(db);
  const posteriors = cold.map((t) => metadata.posterior(titles.get(t.tconst)!));
  let top = 0;
  for (const id of model.itemIds) top = Math.max(top, id);
  const ids = cold.map((_, e) => top + 1 + e);
  return { model: { ...withColdItems(model, ids, posteriors), id: model.id }, cold };
}
