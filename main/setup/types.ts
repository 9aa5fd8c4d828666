// The first-run setup's shapes (IPC and `setup --json`): one guided sequence from an empty data
// folder to a trained model (download MovieLens, optionally IMDb, train), then your ratings.
import type { IngestResult } from '../datasets/types.ts';
import type { TrainOutcome } from '../model/types.ts';

export type SetupVariant = 'ml-latest-small' | 'ml-25m' | 'ml-32m';
export type SetupPhase = 'download-movielens' | 'download-imdb' | 'train';

export interface SetupRequest {
  variant: SetupVariant;
  /** Also the IMDb titles and ratings (IMDb scores on cards, series). */
  imdb: boolean;
  /** The user has read and accepted the terms of what will be downloaded. */
  acceptTerms?: boolean;
}

/**
 * Where the first run stands. 'choose': no data and model yet. 'running': the setup job runs.
 * 'interrupted': it stopped mid-way (app closed, cancelled or failed); Continue resumes it.
 * 'profile': data and model are ready, your ratings come next. 'done': the guide is over.
 */
export type SetupStep = 'choose' | 'running' | 'interrupted' | 'profile' | 'done';

export interface SetupState {
  step: SetupStep;
  /** The user finished or skipped the guide: it no longer opens when the app starts. */
  dismissed: boolean;
  variant: SetupVariant | null;
  imdb: boolean;
  /** The phases of the chosen plan, in order, and the one running (or where it stopped). */
  phases: SetupPhase[];
  phase: SetupPhase | null;
  /** Phases already complete in this data folder (a resumed setup skips them). */
  completed: SetupPhase[];
  jobId: string | null;
  /** Why it stopped, when interrupted by a failure or a cancel. */
  error: string | null;
  /** The MovieLens release imported now, if any. */
  importedVariant: string | null;
}

/** One phase of a setup run; `result` is absent when the phase was already done (skipped). */
export type SetupStepResult = { skipped: boolean; seconds: number } & (
  | { phase: 'download-movielens' | 'download-imdb'; result?: IngestResult }
  | { phase: 'train'; result?: TrainOutcome }
);

export interface SetupResult {
  variant: SetupVariant;
  imdb: boolean;
  steps: SetupStepResult[];
  /** The active model after setup. */
  modelId: number;
  seconds: number;
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    setup: SetupResult;
  }
}
