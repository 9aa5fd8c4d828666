// Two real CLI processes on one data folder (the app open while a script runs the CLI): a second
// command never destroys a running import; writers take turns, the waiting one saying who holds
// the folder; a killed import's staging is dropped by the next process and its space comes back.
// Synthetic MovieLens data (no ../shared needed), big enough that an import takes a few seconds.
import BetterSqlite3 from 'better-sqlite3';
import { existsSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, until, type RunningCli } from '../support/cli.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';
import type { WrittenDataset } from '../bench/write-ml25m.ts';

const BUSY = /busy: an import started at \d\d:\d\d by PID (\d+) is running; waiting for it to finish/;

/** Reads a data folder from outside, as a third process would. */
function peek<T>(dataDir: string, fn: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(join(dataDir, 'reeltaste.db'), { readonly: true, fileMustExist: true });
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

function stagingTables(dataDir: string): string[] {
  if (!existsSync(join(dataDir, 'reeltaste.db'))) return [];
  try {
    return peek(dataDir, (db) =>
      db.prepare<[], string>("SELECT name FROM sqlite_master WHERE name LIKE 'staging_%'").pluck().all(),
    );
  } catch {
    return []; // the file is being created
  }
}

/** Database plus WAL bytes. */
function folderBytes(dataDir: string): number {
  const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
  const db = join(dataDir, 'reeltaste.db');
  return size(db) + size(`${db}-wal`);
}

function integrity(dataDir: string): string {
  return peek(dataDir, (db) => db.pragma('integrity_check', { simple: true }) as string);
}

describe('two processes on one data folder', () => {
  const tmp = tempDir('reeltaste-concurrency-');
  let big: WrittenDataset;
  let small: WrittenDataset;
  const cli = (dir: string, ...args: string[]): RunningCli =>
    startCli(['--data-dir', dir, '--json', ...args]);
  /** Starts an import of `big` and resolves once its staging tables exist (it is mid-import). */
  async function importing(dir: string): Promise<RunningCli> {
    const a = cli(dir, 'ingest', 'movielens', big.dir);
    await until(() => stagingTables(dir).length > 0 || a.exited(), 'the import to start writing');
    expect(a.exited(), `the import ended before the second process started: ${a.stderr()}`).toBe(false);
    return a;
  }

  beforeAll(() => {
    big = writeSyntheticMovieLens(join(tmp.path, 'big'), 2_000_000, 1);
    small = writeSyntheticMovieLens(join(tmp.path, 'small'), 30_000, 2);
  });
  afterAll(() => tmp.remove());

  it('ingest + status: status reads (and says an import is running) without breaking the import', async () => {
    const dir = join(tmp.path, 'd-status');
    const a = await importing(dir);
    const b = await cli(dir, 'status').done;
    expect(a.exited(), 'status must have run while the import was still running').toBe(false);
    expect(b.status).toBe(0);
    const ra = await a.done;
    expect(ra.stderr).not.toMatch(/could not be read|no such table/);
    expect(ra.status).toBe(0);
    expect(ra.json()).toMatchObject({ ratings: big.ratings, users: big.users, movies: big.movies });
    // status said who was busy with the folder.
    expect(b.json<{ busy?: string }>().busy).toMatch(
      new RegExp(`^busy: an import started at \\d\\d:\\d\\d by PID ${a.pid} is running$`),
    );
    expect(stagingTables(dir)).toEqual([]);
    expect(integrity(dir)).toBe('ok');
  });

  it('ingest + ingest: the second waits, saying who holds the folder, then both finish in order', async () => {
    const dir = join(tmp.path, 'd-ingest');
    const a = await importing(dir);
    const b = cli(dir, 'ingest', 'movielens', small.dir);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.status, ra.stderr).toBe(0);
    expect(rb.status, rb.stderr).toBe(0);
    expect(ra.json()).toMatchObject({ ratings: big.ratings, users: big.users });
    expect(rb.json()).toMatchObject({ ratings: small.ratings, users: small.users });
    // The second waited, saying who held the folder.
    expect(rb.stderr).toMatch(BUSY);
    expect(Number(BUSY.exec(rb.stderr)![1])).toBe(a.pid);
    // The one that waited ran last: its data is what the folder holds now.
    const status = await cli(dir, 'status').done;
    expect(
      status.json<{ datasets: { counts: Record<string, number> }[] }>().datasets[0]!.counts,
    ).toMatchObject({
      ratings: small.ratings,
      users: small.users,
    });
    expect(stagingTables(dir)).toEqual([]);
    expect(integrity(dir)).toBe('ok');
  });

  it('ingest + train: training waits for the import and trains on the data it brought', async () => {
    const dir = join(tmp.path, 'd-train');
    const a = await importing(dir);
    // The folder has no ratings yet: train must wait for the running import, not refuse.
    const b = cli(dir, 'train', '--epochs', '2', '--dim', '4', '--threads', '1');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.status, ra.stderr).toBe(0);
    expect(rb.status, rb.stderr).toBe(0);
    expect(rb.stderr).toMatch(BUSY);
    expect(rb.json()).toMatchObject({ users: big.users, ratings: big.ratings });
    expect(integrity(dir)).toBe('ok');
  });

  it('import-ratings + update: both finish, and the stored fit counts every imported rating', async () => {
    const dir = join(tmp.path, 'd-profile');
    expect((await cli(dir, 'ingest', 'movielens', small.dir).done).status).toBe(0);
    expect((await cli(dir, 'train', '--epochs', '3', '--dim', '4', '--threads', '1').done).status).toBe(0);
    // Two IMDb-style exports over the synthetic catalogue (links.csv holds the IMDb ids).
    const ids = readFileSync(join(small.dir, 'links.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => `tt${l.split(',')[1]}`);
    const exportOf = (name: string, part: string[]) => {
      const file = join(tmp.path, name);
      writeFileSync(
        file,
        `Const,Your Rating,Title,Title Type,Year\n${part.map((t, i) => `${t},${1 + (i % 10)},Film ${i},movie,2000`).join('\n')}\n`,
      );
      return file;
    };
    const first = exportOf('first.csv', ids.slice(0, 30));
    const second = exportOf('second.csv', ids.slice(30, 60));
    expect((await cli(dir, 'import-ratings', first).done).status).toBe(0);
    const a = cli(dir, 'import-ratings', second);
    const b = cli(dir, 'update');
    const [ra, rb] = await Promise.all([a.done, b.done]);
    expect(ra.status, ra.stderr).toBe(0);
    expect(rb.status, rb.stderr).toBe(0);
    const after = await cli(dir, 'update').done;
    const fit = after.json<{ ratingsUsed: number }>();
    expect(fit.ratingsUsed).toBe(60);
    // Nothing lost: both exports' ratings are stored.
    expect(peek(dir, (db) => db.prepare('SELECT count(*) FROM profile_ratings').pluck().get())).toBe(60);
    expect(integrity(dir)).toBe('ok');
  });

  it('a killed import: the next process drops its staging and gives the space back', async () => {
    const dir = join(tmp.path, 'd-killed');
    expect((await cli(dir, 'ingest', 'movielens', small.dir).done).status).toBe(0);
    const before = folderBytes(dir);
    const a = await importing(dir);
    await until(() => folderBytes(dir) > before + 16 * 1024 * 1024 || a.exited(), 'staging to grow');
    process.kill(a.pid, 'SIGKILL');
    await a.done;
    const killed = folderBytes(dir);
    expect(stagingTables(dir).length).toBeGreaterThan(0);
    const status = await cli(dir, 'status').done;
    expect(status.status).toBe(0);
    const after = folderBytes(dir);
    console.log(
      `[killed import] database + WAL: ${(before / 1e6).toFixed(1)} MB before, ${(killed / 1e6).toFixed(1)} MB after kill -9, ${(after / 1e6).toFixed(1)} MB after the next start`,
    );
    expect(stagingTables(dir)).toEqual([]);
    expect(after).toBeLessThan(before * 1.2 + 1024 * 1024);
    // Nothing lost: the previous dataset is intact.
    expect(
      status.json<{ datasets: { counts: Record<string, number> }[] }>().datasets[0]!.counts,
    ).toMatchObject({
      ratings: small.ratings,
    });
    expect(integrity(dir)).toBe('ok');
  });
});
