// MovieLens and IMDb tables. Ratings are packed per user (typed-array BLOBs) because training reads
// all of them at once; what the UI queries (movies, IMDb titles, ratings, directors) is plain rows.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 2,
  name: 'datasets',
  up(db) {
    db.exec(`
      CREATE TABLE movies (
        movie_id  INTEGER PRIMARY KEY,         -- MovieLens movieId
        title     TEXT NOT NULL,               -- without the trailing "(Year)"
        year      INTEGER,
        genres    TEXT NOT NULL,               -- '|'-separated, as in MovieLens
        imdb_id   TEXT,                        -- 7+ digits, leading zeros kept (links.csv)
        tconst    TEXT,                        -- 'tt' || imdb_id
        tmdb_id   INTEGER,
        ml_votes  INTEGER NOT NULL DEFAULT 0,  -- MovieLens ratings of this movie
        ml_mean   REAL                         -- their mean (0.5..5), NULL when unrated
      ) STRICT;
      CREATE INDEX movies_tconst ON movies(tconst);

      -- One row per MovieLens user: n ratings as little-endian Int32 movieIds (ascending),
      -- Uint8 half-stars (rating * 2) and Int32 unix-second timestamps.
      CREATE TABLE ml_user_ratings (
        user_id    INTEGER PRIMARY KEY,
        n          INTEGER NOT NULL,
        items      BLOB NOT NULL,
        ratings    BLOB NOT NULL,
        timestamps BLOB NOT NULL
      ) STRICT;

      CREATE TABLE ml_tags (
        user_id   INTEGER NOT NULL,
        movie_id  INTEGER NOT NULL,
        tag       TEXT NOT NULL,
        timestamp INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX ml_tags_movie ON ml_tags(movie_id);

      CREATE TABLE imdb_titles (
        tconst          TEXT PRIMARY KEY,
        title_type      TEXT NOT NULL,         -- movie, tvMovie, tvSeries, tvMiniSeries, tvSpecial
        primary_title   TEXT NOT NULL,
        original_title  TEXT,
        start_year      INTEGER,
        end_year        INTEGER,
        runtime_minutes INTEGER,
        genres          TEXT                   -- ','-separated, as in IMDb
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE imdb_ratings (
        tconst         TEXT PRIMARY KEY,
        average_rating REAL NOT NULL,
        num_votes      INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- Directors only (title.principals category 'director'), and the names of those people.
      CREATE TABLE imdb_directors (
        tconst   TEXT NOT NULL,
        ordering INTEGER NOT NULL,
        nconst   TEXT NOT NULL,
        PRIMARY KEY (tconst, ordering)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX imdb_directors_nconst ON imdb_directors(nconst);

      CREATE TABLE imdb_names (
        nconst       TEXT PRIMARY KEY,
        primary_name TEXT NOT NULL,
        birth_year   INTEGER,
        death_year   INTEGER
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

export default migration;
