// The models and model_checks tables: save a trained model as a new version (atomically: insert +
// activate + prune in one transaction), list versions, activate an older one, load the active one
// (cached: a 25M model is ~10 MB of parameters), and keep calibration reports.
import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import type { ModelSummary } from '../status/types.ts';
import type { ActiveModel, EpochMetrics, ModelInfo, TrainedModel } from './types.ts';

export type { ModelInfo };

export const KEEP_VERSIONS = 5;

interface Row {
  id: number;
  created_at: string;
  active: number;
  dim: number;
  epochs: number;
  backend: string;
  adapter: string | null;
  backend_reason: string | null;
  threads: number;
  seconds: number;
  train_rmse: number | null;
  val_rmse: number | null;
  data: string;
  metrics: string;
}

const blob = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Copies (alignment: a BLOB's Buffer may start at any byte offset). */
function f32(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
function i32(b: Buffer): Int32Array {
  const out = new Int32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

/** Saves a new version and makes it active, all or nothing; keeps the newest KEEP_VERSIONS (and the active one). */
export function saveModel(db: Database, result: TrainedModel, now: Date = new Date()): number {
  const p = result.params;
  const last = result.epochs[result.epochs.length - 1];
  const insert = db.prepare(`
    INSERT INTO models (created_at, active, dim, epochs, seed, backend, threads, seconds, train_rmse, val_rmse, data, metrics,
      options, mu, noise_var, prior_var, item_ids, item_bias_mean, item_bias_var, item_factor_mean, item_factor_var, item_counts,
      adapter, backend_reason)
    VALUES (?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  return db.transaction(() => {
    const id = Number(
      insert.run(
        now.toISOString(),
        p.dim,
        result.epochs.length,
        result.options.seed,
        result.backend,
        result.threads,
        result.seconds,
        finite(last?.trainRmse),
        finite(last?.valRmse),
        JSON.stringify(result.summary),
        JSON.stringify(result.epochs),
        JSON.stringify(result.options),
        p.mu,
        p.noiseVar,
        blob(p.priorVar),
        blob(p.itemIds),
        blob(p.itemBiasMean),
        blob(p.itemBiasVar),
        blob(p.itemFactorMean),
        blob(p.itemFactorVar),
        blob(p.itemCounts),
        result.adapter?.name ?? null,
        result.backendReason ?? null,
      ).lastInsertRowid,
    );
    activate(db, id);
    db.prepare(
      `DELETE FROM models WHERE active = 0 AND id NOT IN (SELECT id FROM models ORDER BY id DESC LIMIT ${KEEP_VERSIONS})`,
    ).run();
    return id;
  })();
}

function activate(db: Database, id: number): void {
  db.prepare('UPDATE models SET active = 0 WHERE active = 1').run();
  db.prepare('UPDATE models SET active = 1 WHERE id = ?').run(id);
}

export function activateModel(db: Database, id: number): void {
  db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM models WHERE id = ?').pluck().get(id);
    if (!exists)
      throw new AppError('NOT_FOUND', `There is no model #${id} (the app keeps the last ${KEEP_VERSIONS}).`);
    activate(db, id);
  })();
}

export function listModels(db: Database): ModelInfo[] {
  const rows = db
    .prepare<[], Row>(
      'SELECT id, created_at, active, dim, epochs, backend, adapter, backend_reason, threads, seconds, train_rmse, val_rmse, data, metrics FROM models ORDER BY id DESC',
    )
    .all();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    active: r.active === 1,
    dim: r.dim,
    epochs: r.epochs,
    backend: r.backend,
    adapter: r.adapter,
    backendReason: r.backend_reason,
    threads: r.threads,
    seconds: r.seconds,
    trainRmse: r.train_rmse,
    valRmse: r.val_rmse,
    data: JSON.parse(r.data) as ModelInfo['data'],
    metrics: JSON.parse(r.metrics) as EpochMetrics[],
  }));
}

export function activeModelSummary(db: Database): ModelSummary | null {
  const r = db
    .prepare<
      [],
      { id: number; created_at: string; dim: number; val_rmse: number | null; train_rmse: number | null }
    >('SELECT id, created_at, dim, val_rmse, train_rmse FROM models WHERE active = 1')
    .get();
  return r ? { id: r.id, createdAt: r.created_at, dim: r.dim, rmse: r.val_rmse ?? r.train_rmse } : null;
}

interface ParamsRow {
  id: number;
  dim: number;
  mu: number;
  noise_var: number;
  prior_var: Buffer;
  item_ids: Buffer;
  item_bias_mean: Buffer;
  item_bias_var: Buffer;
  item_factor_mean: Buffer;
  item_factor_var: Buffer;
  item_counts: Buffer;
}

export type { ActiveModel };

/** The active model's parameters, or null when none has been trained. Works on a read-only connection. */
export function loadActiveModel(db: Database): ActiveModel | null {
  const r = db.prepare<[], ParamsRow>('SELECT * FROM models WHERE active = 1').get();
  if (!r) return null;
  return {
    id: r.id,
    dim: r.dim,
    mu: r.mu,
    noiseVar: r.noise_var,
    priorVar: f32(r.prior_var),
    itemIds: i32(r.item_ids),
    itemBiasMean: f32(r.item_bias_mean),
    itemBiasVar: f32(r.item_bias_var),
    itemFactorMean: f32(r.item_factor_mean),
    itemFactorVar: f32(r.item_factor_var),
    itemCounts: i32(r.item_counts),
  };
}

export function saveCheck(db: Database, report: unknown, now: Date = new Date()): number {
  return Number(
    db
      .prepare('INSERT INTO model_checks (created_at, report) VALUES (?, ?)')
      .run(now.toISOString(), JSON.stringify(report)).lastInsertRowid,
  );
}

export function latestCheck<T>(db: Database): { id: number; createdAt: string; report: T } | null {
  const r = db
    .prepare<[], { id: number; created_at: string; report: string }>(
      'SELECT * FROM model_checks ORDER BY id DESC LIMIT 1',
    )
    .get();
  return r ? { id: r.id, createdAt: r.created_at, report: JSON.parse(r.report) as T } : null;
}

/** The active model, loaded once per version: asks the database which id is active on every call. */
export class ActiveModelCache {
  private readonly db: Database;
  private cached: ActiveModel | null = null;

  constructor(db: Database) {
    this.db = db;
  }

  get(): ActiveModel | null {
    const id = this.db.prepare<[], number>('SELECT id FROM models WHERE active = 1').pluck().get();
    if (id === undefined) return null;
    if (this.cached?.id !== id) this.cached = loadActiveModel(this.db);
    return this.cached;
  }
}
