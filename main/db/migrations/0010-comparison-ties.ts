// "About the same" answers (arena and rate flow): a comparison can be a tie, stored as one
// (tie = 1, answer '='; winner and loser are then just A and B as shown). SQLite cannot change a
// CHECK in place, so profile_comparisons is rebuilt with its ids; its AUTOINCREMENT counter is
// carried over, so the id of an undone comparison is still never reused (the fit's revision check
// relies on it).
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 10,
  name: 'comparison-ties',
  up(db) {
    const seq = db
      .prepare<[], number>("SELECT seq FROM sqlite_sequence WHERE name = 'profile_comparisons'")
      .pluck()
      .get();
    db.exec(`
      CREATE TABLE profile_comparisons_v10 (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        winner_tconst TEXT NOT NULL,
        loser_tconst  TEXT NOT NULL,
        source        TEXT NOT NULL DEFAULT 'arena',
        created_at    TEXT NOT NULL,
        a_tconst      TEXT,                    -- as shown: A first (left), B second (right)
        b_tconst      TEXT,
        answer        TEXT CHECK (answer IN ('a', 'b', '=')),
        p_a           REAL,                    -- the model's P(A over B) when asked
        ms            INTEGER,                 -- time taken to answer
        flagged       INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)), -- possible accidental click
        session_id    INTEGER REFERENCES elicit_sessions(id),
        tie           INTEGER NOT NULL DEFAULT 0 CHECK (tie IN (0, 1)), -- "about the same"
        CHECK (winner_tconst <> loser_tconst),
        CHECK (answer IS NULL OR (tie = 1) = (answer = '='))
      ) STRICT;
      INSERT INTO profile_comparisons_v10
        (id, winner_tconst, loser_tconst, source, created_at, a_tconst, b_tconst, answer, p_a, ms, flagged, session_id)
        SELECT id, winner_tconst, loser_tconst, source, created_at, a_tconst, b_tconst, answer, p_a, ms, flagged, session_id
        FROM profile_comparisons;
      DROP TABLE profile_comparisons;
      ALTER TABLE profile_comparisons_v10 RENAME TO profile_comparisons;
      CREATE INDEX profile_comparisons_session ON profile_comparisons(session_id);
    `);
    if (seq !== undefined) {
      const top = db
        .prepare<[], number>('SELECT coalesce(max(id), 0) FROM profile_comparisons')
        .pluck()
        .get()!;
      db.prepare("DELETE FROM sqlite_sequence WHERE name = 'profile_comparisons'").run();
      db.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES ('profile_comparisons', ?)").run(
        Math.max(seq, top),
      );
    }
  },
};

export default migration;
