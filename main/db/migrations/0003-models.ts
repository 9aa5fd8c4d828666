// Trained model versions: the item posterior as typed-array BLOBs (little-endian, as in memory)
// plus its metrics. At most one row is active (partial unique index); a new version is inserted and
// activated in one transaction, so the previous model stays active until the new one is complete.
// model_checks keeps calibration reports for the Diagnostics view.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 3,
  name: 'models',
  up(db) {
    db.exec(`
      CREATE TABLE models (
        id               INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at       TEXT NOT NULL,           -- ISO-8601 UTC
        active           INTEGER NOT NULL DEFAULT 0 CHECK (active IN (0, 1)),
        dim              INTEGER NOT NULL,
        epochs           INTEGER NOT NULL,
        seed             INTEGER NOT NULL,
        backend          TEXT NOT NULL,           -- 'native' | 'js'
        threads          INTEGER NOT NULL,
        seconds          REAL NOT NULL,
        train_rmse       REAL,
        val_rmse         REAL,
        data             TEXT NOT NULL,           -- JSON: { users, items, ratings, trainRatings, heldOutRatings }
        metrics          TEXT NOT NULL,           -- JSON: per-epoch { epoch, loss, trainRmse, valRmse, noiseVar, seconds }
        options          TEXT NOT NULL,           -- JSON: the training options (hyperparameters)
        mu               REAL NOT NULL,
        noise_var        REAL NOT NULL,
        prior_var        BLOB NOT NULL,           -- Float32 [dim]
        item_ids         BLOB NOT NULL,           -- Int32 [items]
        item_bias_mean   BLOB NOT NULL,           -- Float32 [items]
        item_bias_var    BLOB NOT NULL,           -- Float32 [items]
        item_factor_mean BLOB NOT NULL,           -- Float32 [items * dim]
        item_factor_var  BLOB NOT NULL,           -- Float32 [items * dim]
        item_counts      BLOB NOT NULL            -- Int32 [items]
      ) STRICT;
      CREATE UNIQUE INDEX models_one_active ON models(active) WHERE active = 1;

      CREATE TABLE model_checks (
        id         INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        report     TEXT NOT NULL                  -- JSON CalibrationReport
      ) STRICT;
    `);
  },
};

export default migration;
