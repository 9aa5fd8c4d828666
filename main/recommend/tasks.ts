// The recommend domain's compute-worker tasks: a refresh (score, filter, rank; the model and the
// candidate arrays stay loaded between refreshes) and training the implicit model for a model
// version. The worker opens the database read-only and never writes; main stores the result.
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/database.ts';
import { AppError } from '../errors.ts';
// eslint-disable-next-line no-restricted-imports -- recommend/ is another helper's (p21's) this round: the face for this import lands after the merge
import { loadRatings } from '../datasets/packed.ts';
// eslint-disable-next-line no-restricted-imports -- recommend/ is another helper's (p21's) this round: the face for this import lands after the merge
import { ActiveModelCache, loadActiveModel } from '../model/store.ts';
import { yieldToEvents } from '../worker/runtime.ts';
import type { TaskTable } from '../worker/task.ts';
import { trainImplicit } from './implicit/ease.ts';
import { cacheFor, refresh, type RefreshCache } from './score/refresh.ts';

export const NO_MODEL_MESSAGE =
  'There is no trained model yet: train it first (Settings → Training, or reeltaste train).';

let open: { file: string; db: Database; models: ActiveModelCache; cache: RefreshCache | null } | null = null;

/** One read-only connection per database file, kept for the worker's life (refreshes are frequent). */
function connection(file: string): NonNullable<typeof open> {
  if (open?.file !== file) {
    open?.db.close();
    const db = openDatabase(file, { readonly: true });
    open = { file, db, models: new ActiveModelCache(db), cache: null };
  }
  return open;
}

export const recommendTasks: TaskTable<'recommend/score' | 'recommend/implicit'> = {
  async 'recommend/score'(input) {
    const c = connection(input.dbFile);
    const model = c.models.get();
    if (!model) throw new AppError('NO_MODEL', NO_MODEL_MESSAGE);
    c.cache = cacheFor(c.db, model, c.cache, input.minVotes);
    return refresh(c.db, c.cache, input);
  },

  async 'recommend/implicit'(input, ctx) {
    ctx.progress({ fraction: 0, message: 'Reading who watched what…' });
    const db = openDatabase(input.dbFile, { readonly: true });
    try {
      const model = loadActiveModel(db);
      if (!model || model.id !== input.modelId)
        throw new AppError('NOT_FOUND', `Model #${input.modelId} is no longer the active model.`);
      const ratings = loadRatings(db);
      return await trainImplicit(ratings, model, input.options, {
        signal: ctx.signal,
        onProgress: ctx.progress,
        yieldNow: yieldToEvents,
      });
    } finally {
      db.close();
    }
  },
};
