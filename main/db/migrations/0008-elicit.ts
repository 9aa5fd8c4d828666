// Preference elicitation: arena and rate sessions, titles you have not seen (never asked again),
// and the details of every comparison (both titles as shown, the answer, the model's P(A over B)
// then, the time taken, a possible accidental click, the session). profile_comparisons is rebuilt
// with AUTOINCREMENT so the id of an undone comparison is never reused (the fit's revision check
// relies on it).
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 8,
  name: 'elicit',
  up(db) {
    db.exec(`
      CREATE TABLE elicit_sessions (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('calibrate', 'rate')),
        rule          TEXT NOT NULL,           -- calibrate: info | entropy | random; rate: binary-search
        target_tconst TEXT,                    -- rate: the title being rated
        started_at    TEXT NOT NULL,
        ended_at      TEXT,
        answered      INTEGER NOT NULL DEFAULT 0,
        skipped       INTEGER NOT NULL DEFAULT 0,
        not_seen      INTEGER NOT NULL DEFAULT 0,
        result        TEXT                     -- JSON: rate {rating, low, high, steps, saved}
      ) STRICT;

      CREATE TABLE elicit_not_seen (
        tconst     TEXT PRIMARY KEY,
        session_id INTEGER REFERENCES elicit_sessions(id),
        at         TEXT NOT NULL
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE profile_comparisons_v5 (
        id            INTEGER PRIMARY KEY AUTOINCREMENT,
        winner_tconst TEXT NOT NULL,
        loser_tconst  TEXT NOT NULL,
        source        TEXT NOT NULL DEFAULT 'arena',
        created_at    TEXT NOT NULL,
        a_tconst      TEXT,                    -- as shown: A first (left), B second (right)
        b_tconst      TEXT,
        answer        TEXT CHECK (answer IN ('a', 'b')),
        p_a           REAL,                    -- the model's P(A over B) when asked
        ms            INTEGER,                 -- time taken to answer
        flagged       INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)), -- possible accidental click
        session_id    INTEGER REFERENCES elicit_sessions(id),
        CHECK (winner_tconst <> loser_tconst)
      ) STRICT;
      INSERT INTO profile_comparisons_v5 (id, winner_tconst, loser_tconst, source, created_at)
        SELECT id, winner_tconst, loser_tconst, source, created_at FROM profile_comparisons;
      DROP TABLE profile_comparisons;
      ALTER TABLE profile_comparisons_v5 RENAME TO profile_comparisons;
      CREATE INDEX profile_comparisons_session ON profile_comparisons(session_id);
    `);
  },
};

export default migration;
