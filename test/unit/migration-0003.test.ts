// Migration 0003 on :memory:: model versions saved atomically, one active at a time, the last five
// kept, an older one re-activated, and the parameters read back bit for bit.
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../main/db/database.ts';
import { migrations } from '../../main/db/migrations/index.ts';
import {
  activateModel,
  activeModelSummary,
  KEEP_VERSIONS,
  listModels,
  loadActiveModel,
  saveModel,
} from '../../main/model/store.ts';
import type { TrainResult } from '../../main/model/train.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';

function fakeResult(seed: number): TrainResult {
  const items = 5;
  const dim = 3;
  const f = (n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed + i) / 3);
  return {
    params: {
      dim,
      mu: 3.5,
      noiseVar: 0.7,
      priorVar: Float32Array.from([0.3, 0.24, 0.19]),
      itemIds: Int32Array.from([1, 2, 5, 9, 11]),
      itemBiasMean: f(items),
      itemBiasVar: f(items).map(Math.abs),
      itemFactorMean: f(items * dim),
      itemFactorVar: f(items * dim).map(Math.abs),
      itemCounts: Int32Array.from([10, 1, 0, 4, 7]),
    },
    epochs: [{ epoch: 1, loss: 1.3, trainRmse: 0.9, valRmse: 0.95, noiseVar: 0.7, seconds: 0.1 }],
    backend: 'js',
    threads: 1,
    seconds: 1.5,
    summary: { users: 2, items, ratings: 22, trainRatings: 20, heldOutRatings: 2 },
    options: { ...defaultTrainOptions, seed },
  };
}

describe('migration 0003 (models)', () => {
  const open = () => {
    const db = new BetterSqlite3(':memory:');
    migrate(
      db,
      migrations.filter((m) => m.version <= 3),
    );
    return db;
  };

  it('creates the tables and allows only one active model', () => {
    const db = open();
    expect(schemaVersion(db)).toBe(3);
    const base =
      "INSERT INTO models (created_at, active, dim, epochs, seed, backend, threads, seconds, data, metrics, options, mu, noise_var, prior_var, item_ids, item_bias_mean, item_bias_var, item_factor_mean, item_factor_var, item_counts) VALUES ('x', 1, 1, 1, 1, 'js', 1, 1, '{}', '[]', '{}', 3, 1, x'', x'', x'', x'', x'', x'', x'')";
    db.prepare(base).run();
    expect(() => db.prepare(base).run()).toThrow(/UNIQUE/);
  });

  it('saves, activates, prunes and loads model versions', () => {
    // The store writes today's schema (0007 added the backend columns).
    const db = open();
    migrate(db, migrations);
    expect(loadActiveModel(db)).toBeNull();
    const ids = [1, 2, 3, 4, 5, 6, 7].map((seed) => saveModel(db, fakeResult(seed)));
    const list = listModels(db);
    expect(list).toHaveLength(KEEP_VERSIONS);
    expect(list.filter((m) => m.active).map((m) => m.id)).toEqual([ids[6]]);
    expect(activeModelSummary(db)).toMatchObject({ id: ids[6], dim: 3, rmse: 0.95 });
    const loaded = loadActiveModel(db)!;
    const want = fakeResult(7).params;
    expect(loaded.itemFactorMean).toEqual(want.itemFactorMean);
    expect(loaded.itemCounts).toEqual(want.itemCounts);
    expect(loaded.priorVar).toEqual(want.priorVar);
    // Re-activating an older version.
    activateModel(db, ids[3]!);
    expect(loadActiveModel(db)!.itemBiasMean).toEqual(fakeResult(4).params.itemBiasMean);
    expect(() => activateModel(db, ids[0]!)).toThrow(/no model #1/);
    // The active one survives pruning even when it is old.
    for (const seed of [8, 9, 10, 11, 12]) saveModel(db, fakeResult(seed));
    activateModel(db, listModels(db).at(-1)!.id);
    saveModel(db, fakeResult(13));
    expect(listModels(db)).toHaveLength(KEEP_VERSIONS);
  });
});
