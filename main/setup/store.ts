// The setup domain's stored state: one settings row ('setup.state') with what the user chose and
// how far the guided first run got, so it resumes after the app was closed mid-way.
import type { Database } from 'better-sqlite3';
import { readSetting, writeSetting } from '../settings/store.ts';
import type { SetupPhase, SetupVariant } from './types.ts';

const KEY = 'setup.state';

export interface StoredSetup {
  /** 'running' until the job ends well ('profile'); 'done' or 'skipped' close the guide. */
  stage: 'running' | 'profile' | 'done' | 'skipped';
  variant: SetupVariant | null;
  imdb: boolean;
  phase: SetupPhase | null;
  error: string | null;
  updatedAt: string;
}

export function readSetup(db: Database): StoredSetup | undefined {
  return readSetting<StoredSetup>(db, KEY);
}

export function writeSetup(db: Database, patch: Partial<Omit<StoredSetup, 'updatedAt'>>): StoredSetup {
  const next: StoredSetup = {
    stage: 'running',
    variant: null,
    imdb: false,
    phase: null,
    error: null,
    ...readSetup(db),
    ...patch,
    updatedAt: new Date().toISOString(),
  };
  writeSetting(db, KEY, next);
  return next;
}
