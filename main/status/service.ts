// Builds AppStatus from the database. Domains that own a table contribute their piece through
// StatusParts, so this file does not grow with every feature.
import type { Database } from 'better-sqlite3';
import { schemaVersion } from '../db/database.ts';
import { nextStepOf } from './next-step.ts';
import type { AppStatus, DatasetInfo, ModelSummary, ProfileSummary } from './types.ts';

export interface StatusParts {
  /** What was imported (the datasets domain reads its table). */
  datasets?: (db: Database) => DatasetInfo[];
  model?: (db: Database) => ModelSummary | null;
  profile?: (db: Database) => ProfileSummary | null;
}

export function readStatus(
  db: Database,
  dataDir: string,
  version: string,
  parts: StatusParts = {},
): AppStatus {
  const datasets = parts.datasets?.(db) ?? [];
  const model = parts.model?.(db) ?? null;
  const profile = parts.profile?.(db) ?? null;
  const nextStep = nextStepOf({ datasets, model, profile });
  return { version, dataDir, schemaVersion: schemaVersion(db), datasets, model, profile, nextStep };
}
