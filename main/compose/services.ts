// The top of the main process: creates the transport-free services and installs every domain.
// Electron's main, the CLI and the e2e harness all create them the same way. Creating them opens
// (and migrates) the database; shutdown cancels jobs, stops the worker and closes the database so
// the WAL is checkpointed. Nothing below imports this file.
import { join } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { translateDbError } from '../db/errors.ts';
import { openDataFolder } from '../db/folder.ts';
import { busyMessage, WriterLock } from '../db/writer-lock.ts';
import { EventHub } from '../events.ts';
import { FileRouter } from '../files/router.ts';
import { JobRegistry } from '../jobs/registry.ts';
import { DB_FILE } from '../paths.ts';
import { SettingsStore } from '../settings/store.ts';
import { readStatus, type StatusParts } from '../status/service.ts';
import type { AppStatus } from '../status/types.ts';
import { WorkerHost } from '../worker/host.ts';
import type { TaskMap } from '../worker/contract.ts';
import type { WorkerSpawner } from '../worker/protocol.ts';
import type { AppContext } from '../services/context.ts';
import { installDatasets } from '../datasets/install.ts';
import type { DatasetsService } from '../datasets/service.ts';
import { installModel } from '../model/install.ts';
import type { ModelService } from '../model/service.ts';
import { installProfile } from '../profile/install.ts';
import type { ProfileService } from '../profile/service.ts';
import { installRecommend } from '../recommend/install.ts';
import type { RecommendService } from '../recommend/service.ts';
import { installSearch } from '../search/install.ts';
import type { SearchService } from '../search/service.ts';
import { installLetterboxd } from '../profile/letterboxd/install.ts';
import type { LetterboxdService } from '../profile/letterboxd/service.ts';
import { installPosters } from '../posters/install.ts';
import type { SecretStore } from '../posters/secret-store.ts';
import type { PosterService } from '../posters/service.ts';
import { installWhere } from '../where/install.ts';
import type { WhereService } from '../where/service.ts';
import { installSetup } from '../setup/install.ts';
import type { SetupService } from '../setup/service.ts';
import { installElicit } from '../elicit/install.ts';
import type { ElicitService } from '../elicit/service.ts';

export type { AppContext };

export interface ServicesOptions {
  dataDir: string;
  spawner: WorkerSpawner;
  /** Encrypts secrets at rest (Electron's safeStorage in the app); plain Node refuses to store any. */
  secrets?: SecretStore;
}

export interface Services extends AppContext {
  datasets: DatasetsService;
  model: ModelService;
  profile: ProfileService;
  recommend: RecommendService;
  search: SearchService;
  letterboxd: LetterboxdService;
  posters: PosterService;
  where: WhereService;
  setup: SetupService;
  elicit: ElicitService;
  status(): AppStatus;
  /** Maps SQLite's failures to AppErrors naming this data folder (db/errors.ts). */
  translateError(err: unknown): unknown;
  shutdown(): void;
}

// A JSON import (not a path relative to this file) survives bundling into any chunk.
export const appVersion: string = pkg.version;

export function createServices(options: ServicesOptions): Services {
  const folder = openDataFolder(options.dataDir);
  const { db, dbFile } = folder;
  const writer = new WriterLock(options.dataDir);
  const place = {
    dataDir: options.dataDir,
    dbFile: join(options.dataDir, DB_FILE),
    holder: () => writer.holder(),
  };
  const translateError = (err: unknown) => translateDbError(err, place);
  const events = new EventHub();
  const releases: (() => void)[] = [];
  const statusParts: StatusParts = {};
  const status = (): AppStatus => {
    const holder = writer.holder();
    return {
      ...readStatus(db, options.dataDir, appVersion, statusParts),
      ...(folder.readOnly ? { readOnly: folder.readOnly } : {}),
      ...(holder ? { busy: busyMessage(holder) } : {}),
    };
  };
  const app: AppContext = {
    dataDir: options.dataDir,
    dbFile,
    db,
    events,
    jobs: new JobRegistry(events, Date.now, translateError),
    settings: new SettingsStore(db),
    worker: new WorkerHost<TaskMap>(options.spawner),
    files: new FileRouter(),
    statusParts,
    readOnly: folder.readOnly,
    writer,
    derivedTables: [],
    onShutdown: (release) => void releases.push(release),
  };
  const datasets = installDatasets(app);
  const model = installModel(app);
  const profile = installProfile(app, { model });
  const recommend = installRecommend(app, { model, profile });
  const search = installSearch(app, { model, profile });
  const letterboxd = installLetterboxd(app, { model, profile, search });
  const posters = installPosters(app, { secrets: options.secrets });
  const where = installWhere(app, { posters });
  const setup = installSetup(app, { model });
  const elicit = installElicit(app, { model, profile, recommend, search });
  let closed = false;
  return {
    ...app,
    datasets,
    model,
    profile,
    recommend,
    search,
    letterboxd,
    posters,
    where,
    setup,
    elicit,
    status,
    translateError,
    shutdown() {
      if (closed) return;
      closed = true;
      app.jobs.cancelAll();
      for (const release of releases.reverse()) release();
      app.worker.shutdown();
      folder.close();
    },
  };
}
