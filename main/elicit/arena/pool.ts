// The titles the arena may ask about: what you know (rated, including series and films outside
// MovieLens, which the model places through your rating; titles you compared before or marked
// seen) plus popular films you may have seen (`not seen` is one key). Titles you marked not seen
// never come back, and those on your watchlist or marked not interested are not offered.
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../../model/types.ts';
import { movieIdsByTconst, resolveItem } from '../../catalogue/items.ts';
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

export function arenaPool(
  db: Database,
  params: ModelParams,
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
  const meta = db.prepare<[string], Omit<Row, 'rating'>>(
    `SELECT m.tconst, m.title, m.year, coalesce(i.title_type, 'movie') AS type, m.genres
     FROM movies m LEFT JOIN imdb_titles i ON i.tconst = m.tconst WHERE m.tconst = ? LIMIT 1`,
  );
  const compared = db
    .prepare<[], string>(
      'SELECT DISTINCT t FROM (SELECT winner_tconst AS t FROM profile_comparisons UNION SELECT loser_tconst FROM profile_comparisons)',
    )
    .pluck()
    .all();
  for (const t of [...compared, ...(options.seen ?? [])]) {
    const m = meta.get(t);
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
  const ids = movieIdsByTconst(db, rows.keys());
  const out: ArenaTitle[] = [];
  for (const r of rows.values()) {
    const item = resolveItem(params, ids.get(r.tconst)).item;
    // A title neither the model nor your rating can place has no prediction to compare.
    if (item < 0 && r.rating === null) continue;
    out.push({
      tconst: r.tconst,
      item,
      rating: r.rating,
      maybeSeen: r.maybeSeen,
      card: cardOf(r, r.rating, item >= 0, r.maybeSeen),
    });
  }
  return out;
}
