// Where to watch: TMDB's watch-providers answers (JustWatch's data), cached per title with every
// region in one row (a region change needs no new request), and each region's provider list for
// Settings → My services. fetched_at drives the daily refresh and dates the offline fallback.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 11,
  name: 'where-to-watch',
  up(db) {
    db.exec(`
      CREATE TABLE where_titles (
        tconst     TEXT PRIMARY KEY,
        media      TEXT CHECK (media IN ('movie', 'tv')),  -- NULL: TMDB does not know the title
        tmdb_id    INTEGER,
        results    TEXT NOT NULL,                        -- JSON: TMDB's results, by region
        fetched_at TEXT NOT NULL
      ) STRICT;
      CREATE TABLE where_provider_lists (
        region     TEXT PRIMARY KEY,
        providers  TEXT NOT NULL,                        -- JSON: [{ id, name, logoPath, priority }]
        fetched_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};

export default migration;
