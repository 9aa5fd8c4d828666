// title.principals keeps the first-billed cast beside the directors (the details panel and the
// title page show both), so imdb_directors becomes imdb_principals with IMDb's category per row.
// Directors already imported move across; cast arrives with the next import of title.principals.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 9,
  name: 'principals',
  up(db) {
    db.exec(`
      CREATE TABLE imdb_principals (
        tconst   TEXT NOT NULL,
        ordering INTEGER NOT NULL,
        nconst   TEXT NOT NULL,
        category TEXT NOT NULL,     -- IMDb's: director, actor, actress, self
        PRIMARY KEY (tconst, ordering)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO imdb_principals SELECT tconst, ordering, nconst, 'director' FROM imdb_directors;
      DROP TABLE imdb_directors;
      CREATE INDEX imdb_principals_nconst ON imdb_principals(nconst);
    `);
  },
};

export default migration;
