// Reads and writes the profile tables: the fitted posterior per model, the observations a fit uses
// (ratings and comparisons joined to the model's items), and the lists the Profile view shows.
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { movieIdsByTconst, resolveItem } from './catalogue.ts';
import type { ComparisonObs, RatingObs, ThetaPosterior } from './theta/types.ts';
import type { ComparisonRecord, FitSummary, ImportRow, ImportSummary } from './types.ts';

export interface StoredFit {
  modelId: number;
  posterior: ThetaPosterior;
  kind: 'full' | 'incremental';
  fittedAt: string;
}

interface FitRow {
  model_key: string;
  dim: number;
  mean: Buffer;
  cov: Buffer;
  slope: number;
  n_ratings: number;
  n_comparisons: number;
  log_evidence: number | null;
  kind: 'full' | 'incremental';
  fitted_at: string;
}

const f64 = (b: Buffer) => new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
const blob = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

export function saveFit(
  db: Database,
  modelId: number,
  post: ThetaPosterior,
  kind: 'full' | 'incremental',
  now = new Date(),
): void {
  db.prepare(
    `INSERT OR REPLACE INTO profile_fits (model_key, dim, mean, cov, slope, n_ratings, n_comparisons, log_evidence, kind, fitted_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    String(modelId),
    post.dim,
    blob(post.mean),
    blob(post.cov),
    post.slope,
    post.nRatings,
    post.nComparisons,
    Number.isFinite(post.logEvidence) ? post.logEvidence : null,
    kind,
    now.toISOString(),
  );
}

export function loadFit(db: Database, modelId: number): StoredFit | null {
  const r = db
    .prepare<[string], FitRow>('SELECT * FROM profile_fits WHERE model_key = ?')
    .get(String(modelId));
  if (!r) return null;
  return {
    modelId,
    kind: r.kind,
    fittedAt: r.fitted_at,
    posterior: {
      dim: r.dim,
      mean: f64(r.mean),
      cov: f64(r.cov),
      slope: r.slope,
      nRatings: r.n_ratings,
      nComparisons: r.n_comparisons,
      logEvidence: r.log_evidence ?? Number.NaN,
    },
  };
}

export function fitSummary(fit: StoredFit): FitSummary {
  return {
    modelId: fit.modelId,
    ratingsUsed: fit.posterior.nRatings,
    comparisonsUsed: fit.posterior.nComparisons,
    slope: fit.posterior.slope,
    offset: fit.posterior.slope * fit.posterior.mean[0]!,
    fittedAt: fit.fittedAt,
    kind: fit.kind,
  };
}

export interface Observations {
  ratings: RatingObs[];
  comparisons: ComparisonObs[];
  /** Stored ratings and comparisons the model has no item for (series, films newer than MovieLens). */
  ratingsWithoutItem: number;
  comparisonsWithoutItem: number;
}

/** Everything a fit over these params can use. Works on a read-only connection (the worker). */
export function observations(db: Database, params: ModelParams): Observations {
  const rated = db
    .prepare<[], { tconst: string; rating: number }>('SELECT tconst, rating FROM profile_ratings')
    .all();
  const comps = db
    .prepare<[], { winner_tconst: string; loser_tconst: string }>(
      'SELECT winner_tconst, loser_tconst FROM profile_comparisons ORDER BY id',
    )
    .all();
  const ids = movieIdsByTconst(
    db,
    new Set([...rated.map((r) => r.tconst), ...comps.flatMap((c) => [c.winner_tconst, c.loser_tconst])]),
  );
  const item = (t: string) => resolveItem(params, ids.get(t)).item;
  const out: Observations = {
    ratings: [],
    comparisons: [],
    ratingsWithoutItem: 0,
    comparisonsWithoutItem: 0,
  };
  for (const r of rated) {
    const i = item(r.tconst);
    if (i >= 0) out.ratings.push({ item: i, rating: r.rating });
    else out.ratingsWithoutItem++;
  }
  for (const c of comps) {
    const w = item(c.winner_tconst);
    const l = item(c.loser_tconst);
    if (w >= 0 && l >= 0 && w !== l) out.comparisons.push({ winner: w, loser: l });
    else out.comparisonsWithoutItem++;
  }
  return out;
}

export function counts(db: Database): {
  ratings: number;
  imported: number;
  inApp: number;
  comparisons: number;
  imports: number;
} {
  const r = db
    .prepare<[], { ratings: number; imported: number; in_app: number }>(
      "SELECT count(*) AS ratings, coalesce(sum(source = 'imported'), 0) AS imported, coalesce(sum(source = 'in-app'), 0) AS in_app FROM profile_ratings",
    )
    .get()!;
  const comparisons = db.prepare('SELECT count(*) FROM profile_comparisons').pluck().get() as number;
  const imports = db.prepare('SELECT count(*) FROM profile_imports').pluck().get() as number;
  return { ratings: r.ratings, imported: r.imported, inApp: r.in_app, comparisons, imports };
}

export function lastImport(db: Database): ImportSummary | null {
  const s = db
    .prepare<[], string>('SELECT summary FROM profile_imports ORDER BY id DESC LIMIT 1')
    .pluck()
    .get();
  return s ? (JSON.parse(s) as ImportSummary) : null;
}

export function importRows(db: Database, importId: number): ImportRow[] {
  return db
    .prepare<[number], Record<string, unknown>>(
      'SELECT * FROM profile_import_rows WHERE import_id = ? ORDER BY line',
    )
    .all(importId)
    .map((r) => ({
      line: r.line as number,
      tconst: r.tconst as string,
      rating: r.rating as number,
      title: r.title as string,
      year: r.year as number | null,
      titleType: r.title_type as string,
      rawType: r.raw_type as string,
      status: r.status as ImportRow['status'],
      movieId: r.movie_id as number | null,
      reason: r.reason as string | null,
      change: r.change as string | null,
    }));
}

export function comparisonList(db: Database): ComparisonRecord[] {
  const rows = db
    .prepare<
      [],
      {
        id: number;
        winner_tconst: string;
        loser_tconst: string;
        source: string;
        created_at: string;
        wt: string | null;
        lt: string | null;
      }
    >(
      `SELECT c.*, (SELECT coalesce(r.title, m.title) FROM (SELECT 1) LEFT JOIN profile_ratings r ON r.tconst = c.winner_tconst LEFT JOIN movies m ON m.tconst = c.winner_tconst) AS wt,
              (SELECT coalesce(r.title, m.title) FROM (SELECT 1) LEFT JOIN profile_ratings r ON r.tconst = c.loser_tconst LEFT JOIN movies m ON m.tconst = c.loser_tconst) AS lt
       FROM profile_comparisons c ORDER BY c.id DESC`,
    )
    .all();
  return rows.map((r) => ({
    id: r.id,
    winner: { tconst: r.winner_tconst, title: r.wt ?? r.winner_tconst },
    loser: { tconst: r.loser_tconst, title: r.lt ?? r.loser_tconst },
    source: r.source,
    createdAt: r.created_at,
  }));
}
