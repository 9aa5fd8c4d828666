// Undo for a rating click: before an in-app rating writes, the row it replaces is remembered (in
// memory, for this session: undo answers "I clicked the wrong score", history lives in
// profile_rating_events). Undo puts that row back exactly (an imported rating stays imported) and logs it.
import type { Database } from 'better-sqlite3';
import type { Services } from '../services/index.ts';
import { AppError } from '../ipc/errors.ts';

type Row = Record<string, unknown> & { rating: number };

/** Per data folder: tconst -> the row before the last in-app rating (null: there was none). */
const before = new WeakMap<Database, Map<string, Row | null>>();

function memory(db: Database): Map<string, Row | null> {
  let m = before.get(db);
  if (!m) before.set(db, (m = new Map()));
  return m;
}

export function rememberBeforeRating(db: Database, tconst: string): void {
  const row = db.prepare<[string], Row>('SELECT * FROM profile_ratings WHERE tconst = ?').get(tconst);
  memory(db).set(tconst, row ?? null);
}

/** Restores the row the last in-app rating of tconst replaced. Returns the restored rating, or null if removed. */
export function undoRating(s: Services, tconst: string): number | null {
  const m = memory(s.db);
  if (!m.has(tconst))
    throw new AppError('NOT_FOUND', `There is no rating of ${tconst} to undo in this session.`);
  const previous = m.get(tconst)!;
  const current = s.db
    .prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?')
    .pluck()
    .get(tconst);
  s.db.transaction(() => {
    s.db.prepare('DELETE FROM profile_ratings WHERE tconst = ?').run(tconst);
    if (previous) {
      const cols = Object.keys(previous);
      s.db
        .prepare(
          `INSERT INTO profile_ratings (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`,
        )
        .run(previous);
    }
    s.db
      .prepare(
        "INSERT INTO profile_rating_events (tconst, rating, previous, source, at) VALUES (?, ?, ?, 'undo', ?)",
      )
      .run(tconst, previous?.rating ?? null, current ?? null, new Date().toISOString());
  })();
  m.delete(tconst);
  return previous?.rating ?? null;
}
