// Which backend trained each model version, on which GPU adapter, and why (train --json and
// Settings → Training show it). Older versions read back as null: nobody recorded it then.
import type { Migration } from './index.ts';

const migration: Migration = {
  version: 7,
  name: 'model-backend',
  up(db) {
    db.exec(`
      ALTER TABLE models ADD COLUMN adapter TEXT;         -- WebGPU adapter name (gpu backend only)
      ALTER TABLE models ADD COLUMN backend_reason TEXT;  -- why this backend ran
    `);
  },
};

export default migration;
