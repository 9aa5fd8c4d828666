// Issue 21. title.crew's directors and writers for the catalogue's titles (the people the metadata
// model places a title by; title.principals keeps directors and cast for display), and the metadata
// model fitted with a model version: one serialised blob per version, removed with its version.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 12,
  name: 'crew-and-metadata-models',
  up(db) {
    db.exec(`
      CREATE TABLE imdb_crew (
        tconst   TEXT NOT NULL,
        role     TEXT NOT NULL CHECK (role IN ('director', 'writer')),
        ordering INTEGER NOT NULL,    -- position in title.crew's comma-separated list (0-based)
        nconst   TEXT NOT NULL,
        PRIMARY KEY (tconst, role, ordering)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX imdb_crew_nconst ON imdb_crew(nconst);

      CREATE TABLE metadata_models (
        model_id   INTEGER PRIMARY KEY REFERENCES models(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,     -- ISO-8601 UTC
        blob       BLOB NOT NULL,     -- serialiseMetadataModel (main/model/metadata/serialise.ts)
        report     TEXT NOT NULL      -- JSON: what it was fitted on and its held-out figures
      ) STRICT;
    `);
  },
};

export default migration;
