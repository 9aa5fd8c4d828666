// Your profile: ratings (imported from IMDb exports or entered in the app), pairwise comparisons,
// every rating change as an event, a log of every import with its rows (the browsable summary),
// and the fitted taste posterior per trained model.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 4,
  name: 'profile',
  up(db) {
    db.exec(`
      CREATE TABLE profile_imports (
        id          INTEGER PRIMARY KEY,
        file        TEXT NOT NULL,             -- path as given
        file_name   TEXT NOT NULL,
        format      TEXT NOT NULL,             -- 'current' | 'classic' | 'legacy-list'
        sha256      TEXT NOT NULL,
        rows        INTEGER NOT NULL,
        matched     INTEGER NOT NULL,          -- found in the MovieLens catalogue
        unmatched   INTEGER NOT NULL,          -- kept as known ratings (series, newer films)
        skipped     INTEGER NOT NULL,          -- episodes, video games...: not kept
        summary     TEXT NOT NULL,             -- JSON ImportSummary
        imported_at TEXT NOT NULL,             -- ISO-8601 UTC
        seconds     REAL NOT NULL
      ) STRICT;

      CREATE TABLE profile_import_rows (
        import_id  INTEGER NOT NULL REFERENCES profile_imports(id) ON DELETE CASCADE,
        line       INTEGER NOT NULL,
        tconst     TEXT NOT NULL,
        rating     INTEGER NOT NULL,
        title      TEXT NOT NULL,
        year       INTEGER,
        title_type TEXT NOT NULL,              -- normalised (movie, tvSeries...)
        raw_type   TEXT NOT NULL,              -- as written in the export (Film, Serie TV...)
        status     TEXT NOT NULL CHECK (status IN ('matched', 'unmatched', 'skipped')),
        movie_id   INTEGER,
        reason     TEXT,                       -- why skipped
        change     TEXT,                       -- 'added' | 'changed' | 'unchanged' | 'kept-in-app'
        PRIMARY KEY (import_id, line)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE profile_ratings (
        tconst         TEXT PRIMARY KEY,
        rating         INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
        source         TEXT NOT NULL CHECK (source IN ('imported', 'in-app')),
        title          TEXT NOT NULL,
        original_title TEXT,
        title_type     TEXT NOT NULL,
        year           INTEGER,
        end_year       INTEGER,
        genres         TEXT,
        date_rated     TEXT,                   -- YYYY-MM-DD
        updated_at     TEXT NOT NULL,
        import_id      INTEGER REFERENCES profile_imports(id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE profile_comparisons (
        id            INTEGER PRIMARY KEY,
        winner_tconst TEXT NOT NULL,
        loser_tconst  TEXT NOT NULL,
        source        TEXT NOT NULL DEFAULT 'arena',
        created_at    TEXT NOT NULL,
        CHECK (winner_tconst <> loser_tconst)
      ) STRICT;

      CREATE TABLE profile_rating_events (
        id        INTEGER PRIMARY KEY,
        tconst    TEXT NOT NULL,
        rating    INTEGER,                     -- NULL: the rating was removed
        previous  INTEGER,
        source    TEXT NOT NULL,               -- 'import' | 'in-app'
        import_id INTEGER REFERENCES profile_imports(id),
        at        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX profile_rating_events_tconst ON profile_rating_events(tconst);

      CREATE TABLE profile_fits (
        model_key     TEXT PRIMARY KEY,        -- which trained model the posterior is over
        dim           INTEGER NOT NULL,
        mean          BLOB NOT NULL,           -- Float64 [dim + 1]: bias, theta
        cov           BLOB NOT NULL,           -- Float64 [(dim + 1)^2]
        slope         REAL NOT NULL,           -- user rating = slope * model rating
        n_ratings     INTEGER NOT NULL,
        n_comparisons INTEGER NOT NULL,
        log_evidence  REAL,
        kind          TEXT NOT NULL CHECK (kind IN ('full', 'incremental')),
        fitted_at     TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

export default migration;
