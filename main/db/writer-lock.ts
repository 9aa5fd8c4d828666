// One writer at a time per data folder, across processes (the app, CLI commands, tests): imports
// and training hold this lock for their whole run, and a second one waits behind it, saying who is
// running ("busy: an import started at 10:42 by PID 1234 is running"). The lock is SQLite's own
// exclusive lock on a small side file, so the operating system drops it the moment its holder exits
// or is killed: a crashed import never leaves a stale lock. Who holds it is written beside it.
import BetterSqlite3, { type Database } from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

export const LOCK_FILE = 'reeltaste.lock';
const HOLDER_FILE = 'reeltaste.lock.json';
const POLL_MS = 200;

export interface LockHolder {
  pid: number;
  /** What runs, as a sentence's subject: "an import", "training". */
  what: string;
  /** ISO time. */
  startedAt: string;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called (repeatedly, with the current holder) while this one waits. */
  onWait?(message: string): void;
}

export function busyMessage(holder: LockHolder | null): string {
  if (!holder) return 'busy: another Reeltaste process is changing this data folder';
  const at = new Date(holder.startedAt);
  const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  return `busy: ${holder.what} started at ${hhmm} by PID ${holder.pid} is running`;
}

/** Settles when `signal` aborts (never without one). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) resolve();
    else signal?.addEventListener('abort', () => resolve(), { once: true });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class WriterLock {
  readonly dataDir: string;
  /** In this process, holders run one after another in arrival order. */
  private queue: Promise<unknown> = Promise.resolve();
  private held: LockHolder | null = null;

  constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /**
   * Runs `fn` holding the folder's writer lock; first waits for a holder in this process and then
   * for one in any other process. Cancelling `signal` stops the wait.
   */
  run<T>(what: string, fn: () => Promise<T>, opts: WaitOptions = {}): Promise<T> {
    if (this.held) opts.onWait?.(`${busyMessage(this.held)}; waiting for it to finish`);
    const previous = this.queue;
    const turn = (async () => {
      // Cancel works while queued too; the SQLite lock still keeps out whoever comes next.
      await Promise.race([previous, aborted(opts.signal)]);
      const lock = await this.acquire(what, opts);
      try {
        return await fn();
      } finally {
        this.release(lock);
      }
    })();
    this.queue = turn.catch(() => {});
    return turn;
  }

  /** Runs `fn` if nobody holds the lock now (start-up cleanup); otherwise returns undefined. */
  tryRun<T>(what: string, fn: () => T): T | undefined {
    if (this.held) return undefined;
    const lock = this.tryLock(what);
    if (!lock) return undefined;
    try {
      return fn();
    } finally {
      this.release(lock);
    }
  }

  /** Who holds the lock now (this process or a live other one), as far as can be told. */
  holder(): LockHolder | null {
    if (this.held) return this.held;
    const h = this.readHolder();
    return h && h.pid !== process.pid && isAlive(h.pid) ? h : null;
  }

  private async acquire(what: string, opts: WaitOptions): Promise<Database> {
    for (;;) {
      if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Cancelled while waiting.');
      const lock = this.tryLock(what);
      if (lock) return lock;
      opts.onWait?.(`${busyMessage(this.readHolder())}; waiting for it to finish`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, POLL_MS);
        function done() {
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', done);
          resolve();
        }
        opts.signal?.addEventListener('abort', done, { once: true });
      });
    }
  }

  private tryLock(what: string): Database | null {
    // timeout 0: a held lock answers SQLITE_BUSY at once instead of blocking the event loop.
    const db = new BetterSqlite3(join(this.dataDir, LOCK_FILE), { timeout: 0 });
    try {
      db.exec('BEGIN EXCLUSIVE');
    } catch (err) {
      db.close();
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY')) return null;
      throw err;
    }
    this.held = { pid: process.pid, what, startedAt: new Date().toISOString() };
    this.writeHolder(this.held);
    return db;
  }

  private release(db: Database): void {
    this.held = null;
    rmSync(join(this.dataDir, HOLDER_FILE), { force: true });
    try {
      db.exec('ROLLBACK');
    } finally {
      db.close();
    }
  }

  private writeHolder(h: LockHolder): void {
    const file = join(this.dataDir, HOLDER_FILE);
    try {
      writeFileSync(`${file}.${process.pid}`, JSON.stringify(h));
      renameSync(`${file}.${process.pid}`, file);
    } catch {
      // a full disk: the lock still holds; waiters only miss the name of who holds it
    }
  }

  private readHolder(): LockHolder | null {
    try {
      return JSON.parse(readFileSync(join(this.dataDir, HOLDER_FILE), 'utf8')) as LockHolder;
    } catch {
      return null;
    }
  }
}
