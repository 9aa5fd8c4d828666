// The recommend tables: every write goes through here. Your marks (one per title: seen, watchlist
// or not interested; setting one returns the previous, which is what undo puts back), the implicit
// model per model version (typed-array BLOBs), and the tuning kept under the 'recommend.tuning' key.
import type { Database } from 'better-sqlite3';
import { splitGenres } from '../catalogue/genres.ts';
import { cachedStatement } from '../db/statements.ts';
import { readSetting, writeSetting } from '../settings/store.ts';
import type { ImplicitModel, ImplicitOptions, Mark, MarkedTitle, RecommendTuning } from './types.ts';

export const defaultTuning: RecommendTuning = {
  explore: 0.5,
  shrinkVotes: 50,
  consensusStrength: 0.5,
  consensusTolerance: 1,
  implicitWeight: 20,
  coldDeviations: 0.75,
  coldPopularity: 0.25,
};

const TUNING_KEY = 'recommend.tuning';

export function loadTuning(db: Database): RecommendTuning {
  return { ...defaultTuning, ...(readSetting<Partial<RecommendTuning>>(db, TUNING_KEY) ?? {}) };
}

export function saveTuning(db: Database, patch: Partial<RecommendTuning> | null): RecommendTuning {
  // null: back to the measured defaults.
  writeSetting(db, TUNING_KEY, patch === null ? {} : { ...loadTuning(db), ...patch });
  return loadTuning(db);
}

export function markOf(db: Database, tconst: string): Mark | null {
  return (
    db.prepare<[string], Mark>('SELECT mark FROM recommend_marks WHERE tconst = ?').pluck().get(tconst) ??
    null
  );
}

/** Sets (or clears, with null) the mark of a title; returns the one it replaced. */
export function setMark(db: Database, tconst: string, mark: Mark | null, now = new Date()): Mark | null {
  return db.transaction(() => {
    const previous = markOf(db, tconst);
    if (mark === null) db.prepare('DELETE FROM recommend_marks WHERE tconst = ?').run(tconst);
    else
      db.prepare(
        `INSERT INTO recommend_marks (tconst, mark, marked_at) VALUES (?, ?, ?)
         ON CONFLICT(tconst) DO UPDATE SET mark = excluded.mark, marked_at = excluded.marked_at`,
      ).run(tconst, mark, now.toISOString());
    return previous;
  })();
}

/** Marked titles, newest first, with what the catalogue knows of them. Works read-only. */
/** Every mark, bare (what the arena keys its pool on: no titles, no predictions). */
export function markedTconsts(db: Database): { tconst: string; mark: Mark }[] {
  return cachedStatement<[], { tconst: string; mark: Mark }>(
    db,
    'SELECT tconst, mark FROM recommend_marks ORDER BY tconst',
  ).all();
}

export function listMarks(db: Database, mark?: Mark): Omit<MarkedTitle, 'predicted' | 'low' | 'high'>[] {
  const rows = db
    .prepare<
      [string | null, string | null],
      {
        tconst: string;
        mark: Mark;
        marked_at: string;
        title: string | null;
        year: number | null;
        genres: string | null;
        imdb_genres: string | null;
        imdb_rating: number | null;
      }
    >(
      `SELECT k.tconst, k.mark, k.marked_at,
              coalesce((SELECT title FROM movies m WHERE m.tconst = k.tconst LIMIT 1), t.primary_title) AS title,
              coalesce((SELECT year FROM movies m WHERE m.tconst = k.tconst LIMIT 1), t.start_year) AS year,
              (SELECT genres FROM movies m WHERE m.tconst = k.tconst LIMIT 1) AS genres,
              t.genres AS imdb_genres, r.average_rating AS imdb_rating
       FROM recommend_marks k LEFT JOIN imdb_titles t ON t.tconst = k.tconst
         LEFT JOIN imdb_ratings r ON r.tconst = k.tconst
       WHERE ? IS NULL OR k.mark = ?
       ORDER BY k.marked_at DESC, k.tconst`,
    )
    .all(mark ?? null, mark ?? null);
  return rows.map((r) => ({
    tconst: r.tconst,
    mark: r.mark,
    markedAt: r.marked_at,
    title: r.title ?? r.tconst,
    year: r.year,
    genres: splitGenres(r.genres, r.imdb_genres),
    imdbRating: r.imdb_rating,
  }));
}

/**
 * Every title that must not be suggested: rated, compared in the arena or the rate flow (you told it
 * how the title ranks, so you have seen it), or marked in any way.
 */
export function excludedTconsts(db: Database): {
  rated: string[];
  compared: string[];
  marked: { tconst: string; mark: Mark }[];
} {
  return {
    rated: db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all(),
    compared: db
      .prepare<[], string>(
        'SELECT winner_tconst FROM profile_comparisons UNION SELECT loser_tconst FROM profile_comparisons',
      )
      .pluck()
      .all(),
    marked: db.prepare<[], { tconst: string; mark: Mark }>('SELECT tconst, mark FROM recommend_marks').all(),
  };
}

/** Changes whenever a rating, comparison or mark changes. */
export function marksRevision(db: Database): string {
  return db
    .prepare<[], string>("SELECT count(*) || ':' || coalesce(max(marked_at), '') FROM recommend_marks")
    .pluck()
    .get()!;
}

const blob = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
function copy<T extends Int32Array | Float32Array>(b: Buffer, make: (n: number) => T): T {
  const out = make(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}

export function saveImplicit(db: Database, modelId: number, m: ImplicitModel, now = new Date()): void {
  db.prepare(
    `INSERT OR REPLACE INTO recommend_implicit (model_id, created_at, options, seconds, items, offsets, cols, weights)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    modelId,
    now.toISOString(),
    JSON.stringify({ ...m.options, users: m.users }),
    m.seconds,
    blob(m.items),
    blob(m.offsets),
    blob(m.cols),
    blob(m.weights),
  );
}

export function loadImplicit(db: Database, modelId: number): ImplicitModel | null {
  const r = db
    .prepare<
      [number],
      { options: string; seconds: number; items: Buffer; offsets: Buffer; cols: Buffer; weights: Buffer }
    >('SELECT options, seconds, items, offsets, cols, weights FROM recommend_implicit WHERE model_id = ?')
    .get(modelId);
  if (!r) return null;
  const { users, ...options } = JSON.parse(r.options) as ImplicitOptions & { users: number };
  return {
    options,
    users,
    seconds: r.seconds,
    items: copy(r.items, (n) => new Int32Array(n)),
    offsets: copy(r.offsets, (n) => new Int32Array(n)),
    cols: copy(r.cols, (n) => new Int32Array(n)),
    weights: copy(r.weights, (n) => new Float32Array(n)),
  };
}

export function hasImplicit(db: Database, modelId: number): boolean {
  return db.prepare('SELECT 1 FROM recommend_implicit WHERE model_id = ?').pluck().get(modelId) !== undefined;
}
