// Imports change the dataset tables of a data folder other processes may share (the app and CLI
// commands): each runs holding the folder's writer lock (db/writer-lock.ts), first drops staging a
// killed import left behind, and on failure drops its own staging, gives the space back (a full
// disk must not stay full) and reports the real cause: the disk, the folder, or the input.
import { readOnlyError, translateDbError } from '../db/errors.ts';
import { checkpoint, dropAndReclaim } from '../db/space.ts';
import type { AppContext } from '../services/context.ts';
import type { IngestOptions } from './parse/read.ts';
import { dropStaleStaging, STAGING_PREFIX } from './store.ts';

export async function runImport<T>(app: AppContext, opts: IngestOptions, fn: () => Promise<T>): Promise<T> {
  if (app.readOnly) throw readOnlyError(app.dataDir, app.readOnly, 'Importing');
  return app.writer.run(
    'an import',
    () => {
      dropStaleStaging(app.db, app.dataDir);
      return fn();
    },
    { signal: opts.signal, onWait: (message) => opts.onProgress?.({ message }) },
  );
}

/** After a failed import: its staging goes, the space comes back; returns the error to throw. */
export function abandonImport(app: AppContext, tables: string[], err: unknown, neededBytes: number): unknown {
  try {
    dropAndReclaim(
      app.db,
      app.dataDir,
      tables.map((t) => STAGING_PREFIX + t),
    );
  } catch {
    // a disk too full even for this: the next start or import drops them (dropStaleStaging)
    checkpoint(app.db);
  }
  return translateDbError(err, { dataDir: app.dataDir, dbFile: app.dbFile }, neededBytes);
}
