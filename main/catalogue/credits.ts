// Who directed a title and who is in it (title.principals with name.basics), for the details panel
// and the title page. Only people whose names were imported are listed: an IMDb id tells a reader
// nothing.
import type { Database } from 'better-sqlite3';

export interface Credits {
  directors: string[];
  /** The first-billed cast, in billing order. */
  cast: string[];
}

export function creditsOf(db: Database, tconst: string): Credits {
  const credits: Credits = { directors: [], cast: [] };
  const rows = db
    .prepare<[string], { category: string; name: string }>(
      `SELECT p.category, n.primary_name AS name FROM imdb_principals p JOIN imdb_names n ON n.nconst = p.nconst
       WHERE p.tconst = ? ORDER BY p.ordering`,
    )
    .all(tconst);
  for (const r of rows) (r.category === 'director' ? credits.directors : credits.cast).push(r.name);
  return credits;
}
