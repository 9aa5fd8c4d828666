// The ordered list of schema migrations. Add a file NNNN-what-it-does.ts and list it here; never
// edit a migration that has shipped.
import type { Database } from 'better-sqlite3';
import m0001 from './0001-settings-and-datasets.ts';
import m0002 from './0002-datasets.ts';
import m0003 from './0003-models.ts';
import m0004 from './0004-profile.ts';
import m0005 from './0005-recommend.ts';
import m0006 from './0006-search.ts';
import m0007 from './0007-model-backend.ts';
import m0008 from './0008-elicit.ts';
import m0009 from './0009-principals.ts';
import m0010 from './0010-comparison-ties.ts';
import m0011 from './0011-where-to-watch.ts';
import m0012 from './0012-crew-and-metadata-models.ts';
import m0013 from './0013-metadata-placements.ts';

export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}

export const migrations: readonly Migration[] = [
  m0001,
  m0002,
  m0003,
  m0004,
  m0005,
  m0006,
  m0007,
  m0008,
  m0009,
  m0010,
  m0011,
  m0012,
  m0013,
];
