// Undo for a rating click: before an in-app rating writes, the row it replaces is remembered (in
// memory, for this session: undo answers "I clicked the wrong score", history lives in
// profile_rating_events). Undo puts that row back exactly (an imported rating stays imported).
import type { Database } from 'better-sqlite3';
import { AppError } from '../errors.ts';
import { ratingRow, restoreRating, type RatingRow } from './store.ts';

export class RatingUndo {
  private readonly db: Database;
  /** tconst -> the row before the last in-app rating (null: there was none). */
  private readonly before = new Map<string, RatingRow | null>();

  constructor(db: Database) {
    this.db = db;
  }

  remember(tconst: string): void {
    this.before.set(tconst, ratingRow(this.db, tconst) ?? null);
  }

  /** Restores the row the last in-app rating of tconst replaced. */
  undo(tconst: string): void {
    if (!this.before.has(tconst))
      throw new AppError('NOT_FOUND', `There is no rating of ${tconst} to undo in this session.`);
    restoreRating(this.db, tconst, this.before.get(tconst)!);
    this.before.delete(tconst);
  }
}
