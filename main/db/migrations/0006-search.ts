// Title search: one row per searchable title whose rowid is its popularity rank (1 = most IMDb
// votes); a trigram full-text index over its compact names, each written as ^name$ so the index can
// be asked for an exact name (the trigrams of "^matrix$"), a prefix ("^matr") or a substring; and
// how many titles hold each trigram, so a query asks for its rarest few. Index scans run in rowid
// order, meeting popular titles first, so a query can stop early. The words of all names correct
// typos. All are rebuilt at every dataset import and swapped in with it.
// letterboxd_rows keeps each Letterboxd import's rows: how each was matched, and the candidates of
// the ones the user still has to pick.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 6,
  name: 'search',
  up(db) {
    db.exec(`
      CREATE TABLE search_titles (
        id             INTEGER PRIMARY KEY,   -- popularity rank; the rowid of search_fts
        tconst         TEXT NOT NULL,
        title          TEXT NOT NULL,
        original_title TEXT,                  -- NULL when it is the title
        year           INTEGER,
        end_year       INTEGER,
        title_type     TEXT NOT NULL,         -- IMDb's (movie, tvSeries...); MovieLens-only rows: movie
        kind           TEXT NOT NULL CHECK (kind IN ('movie', 'series')),
        imdb_rating    REAL,
        imdb_votes     INTEGER,
        names          TEXT NOT NULL,         -- normalised name forms, one per line (ranking)
        keys           TEXT NOT NULL          -- the same without spaces as ^form$, space-separated:
                                              -- what search_fts indexes, and what a query checks
      ) STRICT;

      -- detail=none: only which titles hold a trigram (no positions), a third of the size.
      CREATE VIRTUAL TABLE search_fts USING fts5(
        keys, content = '', columnsize = 0, tokenize = 'trigram', detail = 'none'
      );

      CREATE TABLE search_trigrams (
        trigram TEXT PRIMARY KEY,
        titles  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- Every word of every name, with how many titles use it: typo correction looks up the
      -- one-edit variants of a query word here ("rigns" -> rings).
      CREATE TABLE search_words (
        word   TEXT PRIMARY KEY,
        titles INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE letterboxd_rows (
        import_id  INTEGER NOT NULL REFERENCES profile_imports(id) ON DELETE CASCADE,
        line       INTEGER NOT NULL,          -- line of the CSV (the ROW of --resolve ROW=TCONST)
        name       TEXT NOT NULL,
        year       INTEGER,
        rating     INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 10),
        date_rated TEXT,
        status     TEXT NOT NULL CHECK (status IN ('matched', 'ambiguous', 'unmatched', 'resolved')),
        how        TEXT,                      -- exact | year ±1 | alternate title | picked
        tconst     TEXT,
        candidates TEXT NOT NULL DEFAULT '[]', -- JSON SearchHit[] offered for an unresolved row
        PRIMARY KEY (import_id, line)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};

export default migration;
