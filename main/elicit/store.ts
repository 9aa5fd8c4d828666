// The elicitation tables: every write to them goes through here. Sessions (an arena run or a rate
// flow, with its counts and result) and the titles you have not seen (never asked again). The
// comparisons themselves are profile rows (profile/store.ts).
import type { Database } from 'better-sqlite3';
import { cachedStatement } from '../db/statements.ts';

export type SessionKind = 'calibrate' | 'rate';

export function createSession(
  db: Database,
  kind: SessionKind,
  rule: string,
  target: string | null = null,
  now = new Date(),
): number {
  return Number(
    db
      .prepare('INSERT INTO elicit_sessions (kind, rule, target_tconst, started_at) VALUES (?, ?, ?, ?)')
      .run(kind, rule, target, now.toISOString()).lastInsertRowid,
  );
}

export interface SessionCounts {
  answered: number;
  skipped: number;
  notSeen: number;
}

export function updateSession(
  db: Database,
  id: number,
  counts: SessionCounts,
  result: unknown = null,
  ended = false,
): void {
  db.prepare(
    'UPDATE elicit_sessions SET answered = ?, skipped = ?, not_seen = ?, result = coalesce(?, result), ended_at = CASE WHEN ? THEN ? ELSE ended_at END WHERE id = ?',
  ).run(
    counts.answered,
    counts.skipped,
    counts.notSeen,
    result === null ? null : JSON.stringify(result),
    ended ? 1 : 0,
    new Date().toISOString(),
    id,
  );
}

export function sessionRow(
  db: Database,
  id: number,
): { id: number; kind: SessionKind; rule: string; answered: number; result: string | null } | undefined {
  return db
    .prepare<
      [number],
      { id: number; kind: SessionKind; rule: string; answered: number; result: string | null }
    >('SELECT id, kind, rule, answered, result FROM elicit_sessions WHERE id = ?')
    .get(id);
}

export function markNotSeen(db: Database, tconst: string, sessionId: number | null): void {
  db.prepare('INSERT OR REPLACE INTO elicit_not_seen (tconst, session_id, at) VALUES (?, ?, ?)').run(
    tconst,
    sessionId,
    new Date().toISOString(),
  );
}

export function unmarkNotSeen(db: Database, tconst: string): void {
  db.prepare('DELETE FROM elicit_not_seen WHERE tconst = ?').run(tconst);
}

export function notSeen(db: Database): Set<string> {
  return new Set(cachedStatement<[], string>(db, 'SELECT tconst FROM elicit_not_seen').pluck().all());
}

/** Pairs asked before (either order), most recent first: the arena does not ask them again soon. */
export function recentPairs(db: Database, limit = 500): { a: string; b: string }[] {
  return cachedStatement<[number], { a: string; b: string }>(
    db,
    'SELECT winner_tconst AS a, loser_tconst AS b FROM profile_comparisons ORDER BY id DESC LIMIT ?',
  ).all(limit);
}
