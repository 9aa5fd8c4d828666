// Registry of long-running jobs: gives each a cancel signal, throttles progress to ~10 Hz for the
// UI (a 25M-row import would otherwise flood IPC), and always reports start and finish.
import { randomUUID } from 'node:crypto';
import type { EventSink } from '../events.ts';
import { AppError } from '../errors.ts';
import { etaSeconds, PROGRESS_INTERVAL_MS, Throttle } from './progress.ts';
import type { JobProgress, JobResults, JobSnapshot, JobSnapshotBase, SnapshotOf } from './types.ts';

export interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

export type JobRunner<T> = (ctx: JobContext) => Promise<T>;

type AnySnapshot = JobSnapshotBase & { kind: string; result?: unknown };

interface Entry {
  snapshot: AnySnapshot;
  controller: AbortController;
  /** Sends the snapshot as it is when the throttle lets it through. */
  emits: Throttle<void>;
}

export { PROGRESS_INTERVAL_MS };
const KEEP_FINISHED = 20;

/** R maps each job kind to its result: the app's JobResults, or a test's own map. */
export class JobRegistry<R extends object = JobResults> {
  private readonly jobs = new Map<string, Entry>();
  private readonly events: EventSink;
  private readonly now: () => number;
  private readonly translate: (err: unknown) => unknown;

  /** translate: turns low-level failures into AppErrors (the services map SQLite's codes). */
  constructor(
    events: EventSink,
    now: () => number = Date.now,
    translate: (err: unknown) => unknown = (e) => e,
  ) {
    this.events = events;
    this.now = now;
    this.translate = translate;
  }

  start<K extends keyof R & string>(
    kind: K,
    title: string,
    run: JobRunner<R[K]>,
  ): { id: string; done: Promise<R[K]> } {
    const id = randomUUID();
    const entry: Entry = {
      snapshot: { id, kind, title, state: 'running', progress: {}, startedAt: this.now() },
      controller: new AbortController(),
      emits: new Throttle(() => this.emit(entry), PROGRESS_INTERVAL_MS, this.now),
    };
    this.jobs.set(id, entry);
    entry.emits.push();
    const ctx: JobContext = {
      signal: entry.controller.signal,
      progress: (p) => this.onProgress(entry, p),
    };
    const done = (async () => {
      try {
        const result = await run(ctx);
        if (entry.controller.signal.aborted) throw cancelled();
        this.finish(entry, 'done', { result });
        return result;
      } catch (thrown) {
        const err = this.translate(thrown);
        const aborted =
          entry.controller.signal.aborted || (err instanceof AppError && err.code === 'CANCELLED');
        const error = aborted
          ? { code: 'CANCELLED', message: `${title} was cancelled; nothing was changed.` }
          : err instanceof AppError
            ? err.toShape()
            : { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
        this.finish(entry, aborted ? 'cancelled' : 'failed', { error });
        throw aborted && !(err instanceof AppError) ? cancelled(error.message) : err;
      }
    })();
    // Callers that only watch events must not trigger unhandled-rejection warnings.
    done.catch(() => {});
    return { id, done };
  }

  cancel(id: string): boolean {
    const entry = this.jobs.get(id);
    if (!entry || entry.snapshot.state !== 'running') return false;
    entry.controller.abort();
    return true;
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  list(): SnapshotOf<R>[] {
    return [...this.jobs.values()].map((e) => typed<R>(e.snapshot));
  }

  get(id: string): SnapshotOf<R> | undefined {
    const entry = this.jobs.get(id);
    return entry && typed<R>(entry.snapshot);
  }

  private onProgress(entry: Entry, p: JobProgress): void {
    if (entry.snapshot.state !== 'running') return;
    const fraction = p.fraction ?? (p.total ? (p.done ?? 0) / p.total : undefined);
    const elapsed = (this.now() - entry.snapshot.startedAt) / 1000;
    entry.snapshot = {
      ...entry.snapshot,
      progress: { ...p, fraction },
      etaSeconds: etaSeconds(elapsed, fraction),
    };
    entry.emits.push();
  }

  private emit(entry: Entry): void {
    this.events.emit('jobs/changed', typed<JobResults>(entry.snapshot));
  }

  private finish(entry: Entry, state: JobSnapshot['state'], extra: Partial<AnySnapshot>): void {
    entry.snapshot = { ...entry.snapshot, ...extra, state, finishedAt: this.now(), etaSeconds: undefined };
    if (state === 'done') entry.snapshot.progress = { ...entry.snapshot.progress, fraction: 1 };
    entry.emits.cancel();
    this.emit(entry);
    this.prune();
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((e) => e.snapshot.state !== 'running');
    for (const e of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED)))
      this.jobs.delete(e.snapshot.id);
  }
}

/**
 * The one place a stored snapshot gets its kind-specific type back: sound because `start` only ever
 * stores, under kind K, the result its runner (typed R[K]) returned.
 */
function typed<R>(snapshot: AnySnapshot): SnapshotOf<R> {
  return snapshot as SnapshotOf<R>;
}

export function cancelled(message = 'Cancelled.'): AppError {
  return new AppError('CANCELLED', message);
}

/** Throws CANCELLED if the signal fired; long loops call this between batches. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelled();
}
