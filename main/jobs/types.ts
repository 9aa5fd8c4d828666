// What the UI and CLI see of a long-running job (import, download, training...), and the map from
// each job kind to its result. The map is composed from the domains' parts: each domain's types.ts
// adds its kinds to JobResults (declaration merging), so this bottom file names no domain.

export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  /** 0..1 when known. */
  fraction?: number;
  done?: number;
  total?: number;
  /** What done/total count: 'bytes', 'rows', 'epochs'... */
  unit?: string;
  message?: string;
  /** Domain figures a view may chart (e.g. { epoch, loss, valRmse }). */
  metrics?: Record<string, number>;
}

/** What every job's snapshot has, whatever its kind. */
export interface JobSnapshotBase {
  id: string;
  title: string;
  state: JobState;
  progress: JobProgress;
  startedAt: number;
  finishedAt?: number;
  /** Seconds left, estimated from progress so far. */
  etaSeconds?: number;
  error?: { code: string; message: string };
}

/**
 * Every job kind and what a finished job of that kind returns: the registry's `start` is typed by
 * it, and so is a snapshot's `result` once its `kind` is checked (main, the CLI and the renderer's
 * stores alike, with no casts).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the domains' parts
export interface JobResults {}

export type JobKind = keyof JobResults;

/** A snapshot for each kind of a results map R (the app's, or a test's): a union on `kind`. */
export type SnapshotOf<R> = {
  [K in keyof R & string]: JobSnapshotBase & { kind: K; result?: R[K] };
}[keyof R & string];

/** What the UI and CLI see of one of the app's jobs. */
export type JobSnapshot = SnapshotOf<JobResults>;
