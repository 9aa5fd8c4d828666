// Recommendations: the titles you marked (seen, watchlist, not interested; one mark per title) and
// the implicit-feedback item model (EASE weights: who watched what, not how they rated it) trained
// beside each model version and deleted with it.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 5,
  name: 'recommend',
  up(db) {
    db.exec(`
      CREATE TABLE recommend_marks (
        tconst    TEXT PRIMARY KEY,
        mark      TEXT NOT NULL CHECK (mark IN ('seen', 'watchlist', 'not-interested')),
        marked_at TEXT NOT NULL                  -- ISO-8601 UTC
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX recommend_marks_mark ON recommend_marks(mark, marked_at);

      CREATE TABLE recommend_implicit (
        model_id   INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        options    TEXT NOT NULL,                -- JSON: cap, lambda, neighbours, users
        seconds    REAL NOT NULL,
        items      BLOB NOT NULL,                -- Int32 [n] model item indices with a row
        offsets    BLOB NOT NULL,                -- Int32 [n + 1] row i's weights are [offsets[i], offsets[i+1])
        cols       BLOB NOT NULL,                -- Int32 [nnz] model item index of each weight
        weights    BLOB NOT NULL                 -- Float32 [nnz] B[i, j]
      ) STRICT;
    `);
  },
};

export default migration;
