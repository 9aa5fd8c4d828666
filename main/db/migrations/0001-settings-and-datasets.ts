// Base schema: key/value settings and one row per imported dataset (what the status command reports).
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 1,
  name: 'settings-and-datasets',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE datasets (
        kind        TEXT PRIMARY KEY,          -- 'movielens' | 'imdb-basics' | 'imdb-ratings' | ...
        source      TEXT NOT NULL,             -- path or URL it came from
        version     TEXT,                      -- e.g. 'ml-latest-small', or a file date
        counts      TEXT NOT NULL,             -- JSON: { movies, ratings, users, ... }
        imported_at TEXT NOT NULL,             -- ISO-8601 UTC
        seconds     REAL NOT NULL
      ) STRICT;
    `);
  },
};

export default migration;
