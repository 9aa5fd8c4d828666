// What the UI and CLI see of a long-running job (import, download, training...).
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

export interface JobSnapshot {
  id: string;
  kind: string;
  title: string;
  state: JobState;
  progress: JobProgress;
  startedAt: number;
  finishedAt?: number;
  /** Seconds left, estimated from progress so far. */
  etaSeconds?: number;
  error?: { code: string; message: string };
  result?: unknown;
}
