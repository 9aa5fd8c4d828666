// SQLite's failures, produced for real, come out as errors naming the cause and the folder
// (main/db/errors.ts); the writer lock makes a second holder wait and says who holds it.
import BetterSqlite3 from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../main/db/database.ts';
import { translateDbError, type DbPlace } from '../../main/db/errors.ts';
import { WriterLock } from '../../main/db/writer-lock.ts';
import { AppError } from '../../main/errors.ts';
import { tempDir } from '../support/tmp.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

describe('SQLite errors mapped in the db layer', () => {
  const tmp = tempDir('reeltaste-dberr-');
  afterAll(() => tmp.remove());
  const folder = (name: string): DbPlace => {
    const dataDir = join(tmp.path, name);
    mkdirSync(dataDir, { recursive: true });
    return { dataDir, dbFile: join(dataDir, 'reeltaste.db') };
  };

  it('SQLITE_FULL: the disk holding the folder is full, with free and needed space', () => {
    const place = folder('full');
    const db = openDatabase(place.dbFile);
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const err = thrown(() => db.exec('CREATE TABLE big(x); INSERT INTO big VALUES (randomblob(100000))'));
    expect((err as { code: string }).code).toBe('SQLITE_FULL');
    const mapped = translateDbError(err, place, 50 * 1024 * 1024) as AppError;
    expect(mapped.code).toBe('DISK_FULL');
    expect(mapped.message).toMatch(
      new RegExp(`^The disk holding ${place.dataDir} is full \\([\\d,]+ MB free, about 50 MB needed\\)\\.`),
    );
    db.close();
  });

  it('SQLITE_BUSY: another process holds the database, named when the writer lock knows it', () => {
    const place = folder('busy');
    const a = openDatabase(place.dbFile);
    const b = new BetterSqlite3(place.dbFile, { timeout: 0 });
    a.exec('BEGIN IMMEDIATE');
    const err = thrown(() => b.exec('CREATE TABLE t(x)'));
    const holder = { pid: 4242, what: 'an import', startedAt: new Date(2025, 0, 1, 10, 42).toISOString() };
    const mapped = translateDbError(err, { ...place, holder: () => holder }) as AppError;
    expect(mapped.code).toBe('BUSY');
    expect(mapped.message).toMatch(
      /^busy: an import started at 10:42 by PID 4242 is running and did not let go/,
    );
    a.exec('ROLLBACK');
    a.close();
    b.close();
  });

  it('a file that is not a database: damaged, named, and left as it was', () => {
    const place = folder('damaged');
    writeFileSync(place.dbFile, 'not a database at all, just text '.repeat(200));
    const err = thrown(() => openDatabase(place.dbFile)) as AppError;
    expect(err.code).toBe('DB_DAMAGED');
    expect(err.message).toMatch(
      new RegExp(`^The database ${place.dbFile} is damaged \\(SQLite: file is not a database\\)`),
    );
  });

  it('a write on a read-only connection: the folder is read-only', () => {
    const place = folder('readonly');
    openDatabase(place.dbFile).close();
    const db = new BetterSqlite3(place.dbFile, { readonly: true });
    const mapped = translateDbError(
      thrown(() => db.exec('CREATE TABLE t(x)')),
      place,
    ) as AppError;
    expect(mapped.code).toBe('READ_ONLY');
    expect(mapped.message).toMatch(new RegExp(`^The data folder ${place.dataDir} is read-only`));
    db.close();
  });

  it('a folder that does not exist cannot be opened, and says so', () => {
    const err = thrown(() => openDatabase(join(tmp.path, 'missing', 'reeltaste.db'))) as AppError;
    expect(err.code).toBe('CANNOT_OPEN');
    expect(err.message).toBe(
      `Cannot open the database: the data folder ${join(tmp.path, 'missing')} does not exist.`,
    );
  });

  it('leaves other errors alone (a full disk elsewhere is not this folder)', () => {
    const place = folder('other');
    const app = new AppError('BAD_FILE', 'x');
    expect(translateDbError(app, place)).toBe(app);
    const plain = new Error('plain');
    expect(translateDbError(plain, place)).toBe(plain);
    const elsewhere = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', path: '/somewhere/else' });
    expect(translateDbError(elsewhere, place)).toBe(elsewhere);
  });
});

describe('the writer lock', () => {
  const tmp = tempDir('reeltaste-lock-');
  afterAll(() => tmp.remove());

  it('makes a second holder wait, saying who holds it, then run', async () => {
    const first = new WriterLock(tmp.path);
    const second = new WriterLock(tmp.path); // a separate holder, as in another process
    let release!: () => void;
    const held = first.run('an import', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    expect(second.tryRun('a clean-up', () => 'ran')).toBeUndefined();
    const waits: string[] = [];
    let ran = false;
    const queued = second.run(
      'training',
      async () => {
        ran = true;
      },
      { onWait: (m) => waits.push(m) },
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(ran).toBe(false);
    expect(waits[0]).toMatch(
      new RegExp(
        `^busy: an import started at \\d\\d:\\d\\d by PID ${process.pid} is running; waiting for it to finish$`,
      ),
    );
    release();
    await held;
    await queued;
    expect(ran).toBe(true);
    expect(second.tryRun('a clean-up', () => 'ran')).toBe('ran');
  });

  it('in one process, jobs queue in order and a queued one can be cancelled', async () => {
    const lock = new WriterLock(tmp.path);
    let release!: () => void;
    const order: string[] = [];
    const held = lock.run('an import', () => new Promise<void>((r) => (release = r)));
    const controller = new AbortController();
    const cancelled = lock.run('training', async () => void order.push('cancelled one ran'), {
      signal: controller.signal,
    });
    const next = lock.run('an import', async () => void order.push('next'));
    controller.abort();
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(order).toEqual([]);
    release();
    await held;
    await next;
    expect(order).toEqual(['next']);
  });

  it('stops waiting when cancelled', async () => {
    const first = new WriterLock(tmp.path);
    let release!: () => void;
    const held = first.run('an import', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 50));
    const controller = new AbortController();
    const waiting = new WriterLock(tmp.path).run('training', async () => 'ran', {
      signal: controller.signal,
    });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' });
    release();
    await held;
  });
});
