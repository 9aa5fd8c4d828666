// The catalogue's titles outside MovieLens (IMDb films, TV films, series and mini-series above the
// vote floor that no MovieLens film is), appended to a model version as cold items placed by its
// metadata model, so a refresh scores, filters and ranks them beside the trained films unchanged.
import type { Database } from 'better-sqlite3';
import { parseGenres } from '../../catalogue/genres.ts';
import { DEFAULT_MIN_VOTES } from '../../datasets/types.ts';
import type { Settings } from '../../settings/types.ts';
import type { ActiveModel } from '../types.ts';
import { withPlacedItems } from './cold-items.ts';
import { CATALOGUE_TITLES_SQL, catalogueMetadata } from './load.ts';
import { placedWidth } from './model.ts';
import { loadPlacement, placeTitles } from './placements.ts';
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
 * no metadata model. Their posteriors come from the version's stored placement where it covers
 * the floor (placements.ts); a title it lacks (imported since, or no placement stored) is placed
 * here, in memory only.
 */
export function withCatalogueTitles(
  db: Database,
  model: ActiveModel,
  minVotes: number,
): { model: ActiveModel; cold: ColdTitle[]; placedHere: number } {
  const fitted = db.prepare('SELECT 1 FROM metadata_models WHERE model_id = ?').pluck().get(model.id) === 1;
  if (!fitted) return { model, cold: [], placedHere: 0 };
  const cold = db
    .prepare<[number], ColdTitle & { genres: string | null }>(
      `SELECT t.tconst, t.primary_title AS title, t.start_year AS year, t.genres, r.average_rating AS rating,
              r.num_votes AS votes, t.runtime_minutes AS runtime, t.title_type AS titleType
       FROM imdb_ratings r JOIN imdb_titles t ON t.tconst = r.tconst
       WHERE t.tconst IN (${CATALOGUE_TITLES_SQL})
       ORDER BY t.tconst`,
    )
    .all(minVotes)
    .map((r) => ({ ...r, genres: genreList(r.genres) }));
  if (cold.length === 0) return { model, cold, placedHere: 0 };
  const width = placedWidth(model.dim);
  const block = new Float32Array(cold.length * width);
  const stored = loadPlacement(db, model.id, minVotes);
  const missing: number[] = [];
  if (stored && stored.dim === model.dim) {
    const at = new Map(stored.tconsts.map((t, e) => [t, e]));
    cold.forEach((t, e) => {
      const s = at.get(t.tconst);
      if (s === undefined) missing.push(e);
      else block.set(stored.posteriors.subarray(s * width, (s + 1) * width), e * width);
    });
  } else for (let e = 0; e < cold.length; e++) missing.push(e);
  if (missing.length > 0) {
    const metadata = loadMetadataModel(db, model.id)!.model;
    placeTitles(
      metadata,
      catalogueMetadata(db, minVotes),
      missing.map((e) => cold[e]!.tconst),
      block,
      (k) => missing[k]!,
    );
  }
  let top = 0;
  for (const id of model.itemIds) top = Math.max(top, id);
  const ids = Int32Array.from(cold, (_, e) => top + 1 + e);
  return { model: { ...withPlacedItems(model, ids, block), id: model.id }, cold, placedHere: missing.length };
}

/** One array per distinct genre list: 150k+ cold titles share a few hundred (less for the GC to walk). */
const genreLists = new Map<string, string[]>();
function genreList(genres: string | null): string[] {
  const key = genres ?? '';
  let list = genreLists.get(key);
  if (!list) {
    list = parseGenres(genres);
    genreLists.set(key, list);
  }
  return list;
}
