// The main-process services, transport-free: Electron's main, the CLI and the e2e harness all
// create them the same way. boot opens (and migrates) the database; shutdown cancels jobs, stops
// the worker and closes the database so the WAL is checkpointed.
import { mkdirSync } from 'node:fs';
import pkg from '../../package.json' with { type: 'json' };
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openDatabase } from '../db/database.ts';
import { EventHub } from '../ipc/events.ts';
import { JobRegistry } from '../jobs/registry.ts';
import { SettingsStore } from '../settings/store.ts';
import { readStatus, type StatusParts } from '../status/service.ts';
import type { AppStatus } from '../status/types.ts';
import { FileRouter } from '../files/router.ts';
import { WorkerHost } from '../worker/host.ts';
import type { WorkerSpawner } from '../worker/protocol.ts';
import { DB_FILE } from '../paths.ts';
import { domainInstallers } from './domains.ts';

export interface ServicesOptions {
  dataDir: string;
  spawner: WorkerSpawner;
}

export interface Services {
  dataDir: string;
  dbFile: string;
  db: Database;
  events: EventHub;
  jobs: JobRegistry;
  settings: SettingsStore;
  worker: WorkerHost;
  files: FileRouter;
  statusParts: StatusParts;
  status(): AppStatus;
  /** Call after anything that changes what status() reports. */
  statusChanged(): void;
  shutdown(): void;
}

// A JSON import (not a path relative to this file) survives bundling into any chunk.
export const appVersion: string = pkg.version;

export function createServices(options: ServicesOptions): Services {
  mkdirSync(options.dataDir, { recursive: true });
  const dbFile = join(options.dataDir, DB_FILE);
  const db = openDatabase(dbFile);
  const events = new EventHub();
  const worker = new WorkerHost(options.spawner);
  const jobs = new JobRegistry(events);
  const statusParts: StatusParts = {};
  let closed = false;
  const services: Services = {
    dataDir: options.dataDir,
    dbFile,
    db,
    events,
    jobs,
    settings: new SettingsStore(db),
    worker,
    files: new FileRouter(),
    statusParts,
    status: () => readStatus(db, options.dataDir, appVersion, statusParts),
    statusChanged: () => events.emit('app/statusChanged', services.status()),
    shutdown() {
      if (closed) return;
      closed = true;
      jobs.cancelAll();
      worker.shutdown();
      db.close();
    },
  };
  for (const install of domainInstallers) install(services);
  return services;
}
