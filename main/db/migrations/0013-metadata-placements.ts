// Issue 21. The catalogue's titles outside MovieLens placed by a version's metadata model, stored so
// a worker start or a new refresh cache reads them instead of placing 150k+ titles again: one row
// per version, for the lowest vote floor placed (a higher floor takes the subset), and the catalogue
// revision it was placed from (an import places again). Removed with its version.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 13,
  name: 'metadata-placements',
  up(db) {
    db.exec(`
      CREATE TABLE metadata_placements (
        model_id   INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        min_votes  INTEGER NOT NULL,  -- every catalogue title with at least this many IMDb votes
        revision   TEXT NOT NULL,     -- catalogueRevision() when placed
        created_at TEXT NOT NULL,     -- ISO-8601 UTC
        titles     INTEGER NOT NULL,
        dim        INTEGER NOT NULL,
        tconsts    TEXT NOT NULL,     -- newline-separated, in the block's order
        posteriors BLOB NOT NULL,     -- float32 per title: bias, its variance, means[dim], variances[dim]
        PRIMARY KEY (model_id, min_votes)
      ) STRICT;
    `);
  },
};

export default migration;
