// What a domain may use of the app: the database, the job registry, the compute worker, events to
// the UI, settings, file routes and status parts. Low in the import graph on purpose: domains import
// this type, and only compose/services.ts (the top) knows every domain.
import type { Database } from 'better-sqlite3';
import type { JobProgress } from '../jobs/types.ts';
import type { EventHub } from '../events.ts';
import type { FileRouter } from '../files/router.ts';
import type { JobRegistry } from '../jobs/registry.ts';
import type { SettingsStore } from '../settings/store.ts';
import type { StatusParts } from '../status/service.ts';
import type { WorkerHost } from '../worker/host.ts';
import type { WriterLock } from '../db/writer-lock.ts';

export interface AppContext {
  dataDir: string;
  dbFile: string;
  db: Database;
  events: EventHub;
  jobs: JobRegistry;
  settings: SettingsStore;
  worker: WorkerHost;
  files: FileRouter;
  /** Each domain that owns a table contributes its piece of `status`. */
  statusParts: StatusParts;
  /** Why the data folder cannot be written to (then the database is open read-only), or null. */
  readOnly: string | null;
  /** One writer at a time across processes: imports and training run inside writer.run(). */
  writer: WriterLock;
  /** Tables derived from the datasets (the search index): rebuilt by every import, in its swap. */
  derivedTables: DerivedTables[];
  /**
   * An installer that owns resources (a thread, timers, a background fit) registers how to release
   * them; the composition root runs them all, last installed first, when the app shuts down.
   */
  onShutdown(release: () => void): void;
}

/**
 * Tables another domain derives from the dataset tables (the title search index). Every import
 * rebuilds them from the data as it will be after its swap, and the swap moves them in by rename
 * in the same transaction: a failed or cancelled import leaves the old ones too.
 */
export interface DerivedTables {
  /** Live names; staged as staging_<name> (virtual tables too) and swapped in by rename. */
  tables: readonly string[];
  /** Fills the staged copies; `source(t)` names what to read for dataset table t. */
  build(
    source: (table: string) => string,
    opts: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void },
  ): Promise<void>;
}
