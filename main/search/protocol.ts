// Messages between main and the search threads. A query thread lives as long as the app and answers
// searches and Letterboxd matching on its own read-only connection; a build thread indexes the
// catalogue into staging tables once and exits. Main's event loop never runs a query or a build.
import type { ApiErrorShape } from '../errors.ts';
import type { JobProgress } from '../jobs/types.ts';
import type { CatalogueTables, BuildStats } from './build.ts';
import type { RowMatch, SearchHit, SearchOptions, TitleQuery } from './types.ts';

export type ThreadData =
  | { mode: 'query'; dbFile: string }
  | { mode: 'build'; dbFile: string; source: CatalogueTables; prefix: string };

export type ToQueryThread =
  | { type: 'search'; id: number; query: string; opts: SearchOptions }
  | { type: 'match'; id: number; entries: TitleQuery[] }
  /** Close the connection and end the thread (the app is shutting down). */
  | { type: 'close' };

export type FromQueryThread =
  | { type: 'hits'; id: number; hits: SearchHit[] }
  | { type: 'matches'; id: number; matches: RowMatch[] }
  | { type: 'error'; id: number; error: ApiErrorShape };

export type ToBuildThread = { type: 'cancel' };

export type FromBuildThread =
  | { type: 'progress'; progress: JobProgress }
  | { type: 'done'; stats: BuildStats }
  | { type: 'error'; error: ApiErrorShape };
