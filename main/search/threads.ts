// Main's side of the search threads: the query thread, started on first use and restarted if it
// dies, with "latest query wins" per client (a query that has not started yet is dropped when a
// newer one from the same client arrives: typing never queues stale work); and one-off build
// threads. From source the entry is thread.ts; in the bundle it sits beside main's entry.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../errors.ts';
import type { JobProgress } from '../jobs/types.ts';
import type { BuildStats, CatalogueTables } from './build.ts';
import type { FromBuildThread, FromQueryThread, ThreadData, ToQueryThread } from './protocol.ts';
import type { RowMatch, SearchHit, SearchOptions, TitleQuery } from './types.ts';

function threadFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const f of ['thread.ts', 'search-thread.js', '../search-thread.js'])
    if (existsSync(join(here, f))) return join(here, f);
  throw new AppError('INTERNAL', `The search thread's entry is missing beside ${here}.`);
}

/** What a caller asks the thread (closing it is not a request). */
type Asked = Exclude<ToQueryThread, { type: 'close' }>;
type Request = {
  [K in Asked['type']]: Omit<Extract<Asked, { type: K }>, 'id'>;
}[Asked['type']];

/** How long a closing thread may take to finish its query and close before it is terminated. */
const CLOSE_GRACE_MS = 2000;

interface Queued {
  request: Request;
  client?: string;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

export class QueryThread {
  private readonly dbFile: string;
  private worker: Worker | null = null;
  private running: (Queued & { id: number }) | null = null;
  private queue: Queued[] = [];
  private nextId = 1;

  constructor(dbFile: string) {
    this.dbFile = dbFile;
  }

  search(query: string, opts: SearchOptions): Promise<SearchHit[]> {
    return this.enqueue({ type: 'search', query, opts }) as Promise<SearchHit[]>;
  }

  /** Like search, but a newer query from the same client drops this one if it has not started (null). */
  latest(client: string, query: string, opts: SearchOptions): Promise<SearchHit[] | null> {
    for (const q of this.queue.filter((x) => x.client === client)) q.resolve(null);
    this.queue = this.queue.filter((x) => x.client !== client);
    return this.enqueue({ type: 'search', query, opts }, client) as Promise<SearchHit[] | null>;
  }

  match(entries: TitleQuery[]): Promise<RowMatch[]> {
    return this.enqueue({ type: 'match', entries }) as Promise<RowMatch[]>;
  }

  close(): void {
    const worker = this.worker;
    this.worker = null;
    const gone = new AppError('CANCELLED', 'The app is shutting down.');
    for (const q of [...this.queue, ...(this.running ? [this.running] : [])]) q.reject(gone);
    this.queue = [];
    this.running = null;
    if (!worker) return;
    // The thread closes its connection and ends by itself: a thread stopped with a better-sqlite3
    // database still open can crash the process while its isolate is torn down (upstream
    // WiseLibs/better-sqlite3#1476). terminate() stays the fallback for a stuck query.
    worker.postMessage({ type: 'close' } satisfies ToQueryThread);
    setTimeout(() => void worker.terminate(), CLOSE_GRACE_MS).unref();
  }

  private enqueue(request: Request, client?: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request, client, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const next = { ...this.queue.shift()!, id: this.nextId++ };
    this.running = next;
    this.ensure().postMessage({ ...next.request, id: next.id } as ToQueryThread);
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const data: ThreadData = { mode: 'query', dbFile: this.dbFile };
    const worker = new Worker(threadFile(), { workerData: data });
    worker.unref(); // an idle search thread never keeps the CLI alive
    worker.on('message', (m: FromQueryThread) => {
      const r = this.running;
      if (!r || r.id !== m.id) return;
      this.running = null;
      if (m.type === 'error') r.reject(new AppError(m.error.code, m.error.message));
      else r.resolve(m.type === 'hits' ? m.hits : m.matches);
      this.pump();
    });
    const died = (why: string) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const r = this.running;
      this.running = null;
      r?.reject(new AppError('INTERNAL', `The search thread stopped (${why}); try again.`));
      this.pump();
    };
    worker.on('error', (err) => died(err.message));
    worker.on('exit', (code) => died(`exit code ${code}`));
    this.worker = worker;
    return worker;
  }
}

/** Builds the search index into `prefix`-named tables on a thread of its own. */
export function buildOnThread(
  dbFile: string,
  source: CatalogueTables,
  prefix: string,
  opts: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void },
): Promise<BuildStats> {
  return new Promise((resolve, reject) => {
    const data: ThreadData = { mode: 'build', dbFile, source, prefix };
    const worker = new Worker(threadFile(), { workerData: data });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => worker.postMessage({ type: 'cancel' });
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (m: FromBuildThread) => {
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.stats));
      else settle(() => reject(new AppError(m.error.code, m.error.message)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() => reject(new AppError('INTERNAL', `The search index build stopped (exit code ${code}).`))),
    );
  });
}
