// The titles the arena may ask about: what you know (rated, including series and films outside
// MovieLens; titles you compared before or marked seen) plus popular films you may have seen (`not
// seen` is one key). A title outside MovieLens is an item of your fit model (profile/fit-model.ts:
// placed by its metadata), so it is posed like a trained film; one nothing places can still be
// asked through your rating of it. Titles you marked not seen never come back, and those on your
// watchlist or marked not interested are not offered.
import type { Database } from 'better-sqlite3';
import { sourceOf } from '../../model/service.ts';
import type { ModelParams } from '../../model/types.ts';
import type { TitleCard } from '../types.ts';
import { notSeen } from '../store.ts';
import { cardOf } from '../titles.ts';
import type { PoolTitle } from './select.ts';

export type ArenaTitle = PoolTitle & { card: TitleCard };

/** Popular films offered besides the ones you know. */
const POPULAR = 60;

interface Row {
  tconst: string;
  title: string;
  year: number | null;
  type: string;
  genres: string | null;
  rating: number | null;
}

/**
 * `fit`: the model the arena scores pairs with (your fit model: trained films and the titles of
 * yours placed by their metadata) and a title's item in it (-1: none).
 */
export function arenaPool(
  db: Database,
  fit: { params: ModelParams; itemOf(tconst: string): number },
  options: { seen?: readonly string[]; unwatched?: readonly string[]; popular?: boolean } = {},
): ArenaTitle[] {
  const skip = notSeen(db);
  for (const t of options.unwatched ?? []) skip.add(t);
  const rows = new Map<string, Row & { maybeSeen: boolean }>();
  const add = (r: Row, maybeSeen: boolean) => {
    if (!skip.has(r.tconst) && !rows.has(r.tconst)) rows.set(r.tconst, { ...r, maybeSeen });
  };
  for (const r of db
    .prepare<[], Row>(
      'SELECT tconst, title, year, title_type AS type, genres, rating FROM profile_ratings ORDER BY tconst',
    )
    .all())
    add(r, false);
  const movie = db.prepare<[string], Omit<Row, 'rating'>>(
    `SELECT m.tconst, m.title, m.year, coalesce(i.title_type, 'movie') AS type, m.genres
     FROM movies m LEFT JOIN imdb_titles i ON i.tconst = m.tconst WHERE m.tconst = ? LIMIT 1`,
  );
  // A title only IMDb lists (a 2024 film, a series): the metadata model may place it.
  const imdb = db.prepare<[string], Omit<Row, 'rating'>>(
    `SELECT tconst, primary_title AS title, start_year AS year, title_type AS type, genres
     FROM imdb_titles WHERE tconst = ?`,
  );
  const meta = (t: string) => movie.get(t) ?? imdb.get(t);
  const compared = db
    .prepare<[], string>(
      'SELECT DISTINCT t FROM (SELECT winner_tconst AS t FROM profile_comparisons UNION SELECT loser_tconst FROM profile_comparisons)',
    )
    .pluck()
    .all();
  for (const t of [...compared, ...(options.seen ?? [])]) {
    const m = meta(t);
    if (m) add({ ...m, rating: null }, false);
  }
  if (options.popular !== false) {
    for (const m of db
      .prepare<[number], Omit<Row, 'rating'>>(
        `SELECT m.tconst, m.title, m.year, coalesce(i.title_type, 'movie') AS type, m.genres
         FROM movies m LEFT JOIN imdb_titles i ON i.tconst = m.tconst
         WHERE m.tconst IS NOT NULL ORDER BY m.ml_votes DESC LIMIT ?`,
      )
      .all(POPULAR))
      add({ ...m, rating: null }, true);
  }
  const out: ArenaTitle[] = [];
  for (const r of rows.values()) {
    const item = fit.itemOf(r.tconst);
    // A title neither the model nor your rating can place has no prediction to compare.
    if (item < 0 && r.rating === null) continue;
    out.push({
      tconst: r.tconst,
      item,
      rating: r.rating,
      maybeSeen: r.maybeSeen,
      card: cardOf(r, r.rating, item >= 0 ? sourceOf(fit.params, item) : null, r.maybeSeen),
    });
  }
  return out;
}
