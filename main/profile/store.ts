// The profile tables: every write to them goes through here (imports, in-app ratings, comparisons,
// undo, fits), plus the fitted posterior per model and the observations a fit uses (ratings and
// comparisons joined to the model's items). Read-only lists for the views are in lists.ts.
import type { Database } from 'better-sqlite3';
import type { ComparisonObs, RatingObs, ThetaPosterior } from './theta/types.ts';
import type { FitSummary, ImportRow, ImportSummary } from './types.ts';

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

/**
 * A stored comparison as the fit sees it. A side you rated while the other is unrated is placed by
 * your rating (the answer says where the other title sits on your scale: an anchored comparison),
 * as is a side the model does not know (a series, a film outside MovieLens); two items both rated
 * or both unrated compare as items. Null when the answer cannot inform theta.
 */
export function comparisonObservation(
  item: (tconst: string) => number,
  ratingOf: (tconst: string) => number | undefined,
  winner: string,
  loser: string,
  tie = false,
): ComparisonObs | null {
  const obs = placeComparison(item, ratingOf, winner, loser);
  return obs && tie ? { ...obs, tie: true } : obs;
}

function placeComparison(
  item: (tconst: string) => number,
  ratingOf: (tconst: string) => number | undefined,
  winner: string,
  loser: string,
): ComparisonObs | null {
  const w = item(winner);
  const l = item(loser);
  const rw = ratingOf(winner);
  const rl = ratingOf(loser);
  const byRatingW = w < 0 || (rw !== undefined && rl === undefined);
  const byRatingL = l < 0 || (rl !== undefined && rw === undefined);
  if (!byRatingW && !byRatingL) return w === l ? null : { winner: w, loser: l };
  if (byRatingW && byRatingL) return null;
  if (byRatingW) return rw === undefined ? null : { winner: -1, loser: l, anchor: rw };
  return rl === undefined ? null : { winner: w, loser: -1, anchor: rl };
}

/** Comparisons made while rating a title reach the fit through the rating they produce, not twice. */
const FIT_COMPARISONS =
  "SELECT winner_tconst, loser_tconst, tie FROM profile_comparisons WHERE source <> 'rate' ORDER BY id";

/**
 * Everything a fit can use, with `item` the fit model's lookup (fit-model.ts: trained films and the
 * titles placed by their metadata). Works on a read-only connection (the worker).
 */
export function observations(db: Database, item: (tconst: string) => number): Observations {
  const rated = db
    .prepare<[], { tconst: string; rating: number }>('SELECT tconst, rating FROM profile_ratings')
    .all();
  const comps = db
    .prepare<[], { winner_tconst: string; loser_tconst: string; tie: number }>(FIT_COMPARISONS)
    .all();
  const ratingOf = new Map(rated.map((r) => [r.tconst, r.rating]));
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
    const obs = comparisonObservation(
      item,
      (t) => ratingOf.get(t),
      c.winner_tconst,
      c.loser_tconst,
      c.tie === 1,
    );
    if (obs) out.comparisons.push(obs);
    else out.comparisonsWithoutItem++;
  }
  return out;
}

/**
 * Changes whenever a rating or comparison is written or a comparison is undone: every rating change
 * logs an event; comparison ids are never reused, so (max id, count) only repeats for the same set.
 */
export function profileRevision(db: Database): string {
  return db
    .prepare<[], string>(
      "SELECT (SELECT COALESCE(MAX(id), 0) FROM profile_rating_events) || ':' || (SELECT COALESCE(MAX(id), 0) || '/' || count(*) FROM profile_comparisons)",
    )
    .pluck()
    .get()!;
}

export type RatingRow = Record<string, unknown> & { rating: number };

/** Your rating of a title, if you rated it. */
export function ratingOf(db: Database, tconst: string): number | undefined {
  return db
    .prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?')
    .pluck()
    .get(tconst);
}

/** The stored row of a rated title (every column), for undo. */
export function ratingRow(db: Database, tconst: string): RatingRow | undefined {
  return db.prepare<[string], RatingRow>('SELECT * FROM profile_ratings WHERE tconst = ?').get(tconst);
}

export interface InAppRating {
  tconst: string;
  rating: number;
  title: string;
  titleType: string;
  year: number | null;
  genres: string | null;
}

/** Writes a rating made in the app and its event, in one transaction. */
export function writeInAppRating(
  db: Database,
  r: InAppRating,
  previous: number | null,
  now = new Date(),
): void {
  const at = now.toISOString();
  db.transaction(() => {
    db.prepare(
      `INSERT INTO profile_ratings (tconst, rating, source, title, title_type, year, genres, date_rated, updated_at)
       VALUES (?, ?, 'in-app', ?, ?, ?, ?, ?, ?)
       ON CONFLICT(tconst) DO UPDATE SET rating = excluded.rating, source = 'in-app', date_rated = excluded.date_rated, updated_at = excluded.updated_at`,
    ).run(r.tconst, r.rating, r.title, r.titleType, r.year, r.genres, at.slice(0, 10), at);
    db.prepare(
      "INSERT INTO profile_rating_events (tconst, rating, previous, source, at) VALUES (?, ?, ?, 'in-app', ?)",
    ).run(r.tconst, r.rating, previous, at);
  })();
}

/** Puts back the row an in-app rating replaced (null: there was none), logged as an 'undo' event. */
export function restoreRating(db: Database, tconst: string, previous: RatingRow | null): void {
  const current = ratingOf(db, tconst);
  db.transaction(() => {
    db.prepare('DELETE FROM profile_ratings WHERE tconst = ?').run(tconst);
    if (previous) {
      const cols = Object.keys(previous);
      db.prepare(
        `INSERT INTO profile_ratings (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
      ).run(previous);
    }
    db.prepare(
      "INSERT INTO profile_rating_events (tconst, rating, previous, source, at) VALUES (?, ?, ?, 'undo', ?)",
    ).run(tconst, previous?.rating ?? null, current ?? null, new Date().toISOString());
  })();
}

/** A comparison to store: who won, and (from the arena and the rate flow) how it was asked. */
export interface NewComparison {
  /** For a tie ("about the same"): the two sides, A as winner. */
  winner: string;
  loser: string;
  tie?: boolean;
  source: string;
  /** The titles as shown, A first (left) and B second (right), and which one was chosen. */
  a?: string;
  b?: string;
  answer?: 'a' | 'b' | '=';
  /** The model's P(A over B) when the pair was asked (null: it could not tell). */
  pA?: number | null;
  /** Milliseconds from the pair being shown to the answer. */
  ms?: number | null;
  /** Answered so fast right after another answer that it may be an accidental click. */
  flagged?: boolean;
  sessionId?: number | null;
}

export function insertComparison(db: Database, c: NewComparison, now = new Date()): number {
  return Number(
    db
      .prepare(
        `INSERT INTO profile_comparisons (winner_tconst, loser_tconst, source, created_at, a_tconst, b_tconst, answer, p_a, ms, flagged, session_id, tie)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.winner,
        c.loser,
        c.source,
        now.toISOString(),
        c.a ?? null,
        c.b ?? null,
        c.answer ?? null,
        c.pA ?? null,
        c.ms === undefined || c.ms === null ? null : Math.round(c.ms),
        c.flagged ? 1 : 0,
        c.sessionId ?? null,
        c.tie ? 1 : 0,
      ).lastInsertRowid,
  );
}

export function comparisonById(
  db: Database,
  id: number,
): { winner: string; loser: string; source: string; tie: boolean } | undefined {
  const row = db
    .prepare<[number], { winner: string; loser: string; source: string; tie: number }>(
      'SELECT winner_tconst AS winner, loser_tconst AS loser, source, tie FROM profile_comparisons WHERE id = ?',
    )
    .get(id);
  return row && { ...row, tie: row.tie === 1 };
}

/** Removes a comparison for good (undo of an answer). */
export function deleteComparison(db: Database, id: number): void {
  db.prepare('DELETE FROM profile_comparisons WHERE id = ?').run(id);
}

interface ExistingRating {
  rating: number;
  source: 'imported' | 'in-app';
  date_rated: string | null;
}

export interface ImportedRating {
  tconst: string;
  rating: number;
  title: string;
  originalTitle: string | null;
  titleType: string;
  year: number | null;
  endYear: number | null;
  genres: string | null;
  dateRated: string | null;
}

/**
 * The writes of one export import, prepared once. Call them inside `run`, which is one transaction:
 * a failure anywhere leaves the profile as it was.
 */
export class ImportWriter {
  private readonly db: Database;
  private readonly at: string;
  importId = 0;
  private readonly stmts;

  constructor(db: Database, at: string) {
    this.db = db;
    this.at = at;
    this.stmts = {
      insertImport: db.prepare(
        `INSERT INTO profile_imports (file, file_name, format, sha256, rows, matched, unmatched, skipped, summary, imported_at, seconds)
         VALUES (?, ?, ?, ?, 0, 0, 0, 0, '{}', ?, 0)`,
      ),
      finishImport: db.prepare(
        'UPDATE profile_imports SET rows = ?, matched = ?, unmatched = ?, skipped = ?, summary = ?, seconds = ? WHERE id = ?',
      ),
      insertRow: db.prepare(
        'INSERT INTO profile_import_rows (import_id, line, tconst, rating, title, year, title_type, raw_type, status, movie_id, reason, change) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
      ),
      getRating: db.prepare<[string], ExistingRating>(
        'SELECT rating, source, date_rated FROM profile_ratings WHERE tconst = ?',
      ),
      upsert: db.prepare(
        `INSERT INTO profile_ratings (tconst, rating, source, title, original_title, title_type, year, end_year, genres, date_rated, updated_at, import_id)
         VALUES (@tconst, @rating, 'imported', @title, @originalTitle, @titleType, @year, @endYear, @genres, @dateRated, @at, @importId)
         ON CONFLICT(tconst) DO UPDATE SET rating = excluded.rating, source = 'imported', title = excluded.title,
           original_title = excluded.original_title, title_type = excluded.title_type, year = excluded.year, end_year = excluded.end_year,
           genres = excluded.genres, date_rated = excluded.date_rated, updated_at = excluded.updated_at, import_id = excluded.import_id`,
      ),
      event: db.prepare(
        "INSERT INTO profile_rating_events (tconst, rating, previous, source, import_id, at) VALUES (?, ?, ?, 'import', ?, ?)",
      ),
    };
  }

  run<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  begin(path: string, fileName: string, format: string, sha256: string): number {
    this.importId = Number(
      this.stmts.insertImport.run(path, fileName, format, sha256, this.at).lastInsertRowid,
    );
    return this.importId;
  }

  existing(tconst: string): ExistingRating | undefined {
    return this.stmts.getRating.get(tconst);
  }

  /** A new or changed rating from the export, with its event. */
  upsert(r: ImportedRating, previous: number | null): void {
    this.stmts.upsert.run({ ...r, at: this.at, importId: this.importId });
    this.stmts.event.run(r.tconst, r.rating, previous, this.importId, this.at);
  }

  row(r: ImportRow): void {
    this.stmts.insertRow.run(
      this.importId,
      r.line,
      r.tconst,
      r.rating,
      r.title,
      r.year,
      r.titleType,
      r.rawType,
      r.status,
      r.movieId,
      r.reason,
      r.change,
    );
  }

  finish(summary: ImportSummary): void {
    this.stmts.finishImport.run(
      summary.rows,
      summary.matched,
      summary.unmatched,
      summary.skipped,
      JSON.stringify(summary),
      summary.seconds,
      this.importId,
    );
  }
}
