// A full disk, for real: data folders on a size-limited tmpfs (root only; skipped with the reason
// elsewhere). An import that cannot fit is refused before it writes; one that runs into a full
// disk stops with "the disk holding DIR is full (N MB free, about M MB needed)" (never blaming its
// input), drops its staging and empties the WAL so the disk does not stay full; when the disk is
// full to the last byte, the next start after space was freed finishes the clean-up. Nothing lost.
import BetterSqlite3 from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statfsSync, statSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, until } from '../support/cli.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';
import type { WrittenDataset } from '../bench/write-ml25m.ts';

const MB = 1024 * 1024;

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

function mountReason(): string | null {
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  const probe = tempDir('reeltaste-tmpfs-probe-');
  try {
    if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe.path]).status !== 0)
      return 'mount -t tmpfs is not permitted here';
    spawnSync('umount', [probe.path]);
    return null;
  } finally {
    probe.remove();
  }
}
const skipReason = mountReason();

/** Fills the disk holding `file` with it, leaving about `leave` bytes free (0: to the last byte). */
function fill(file: string, leave: number): void {
  const fd = openSync(file, 'w');
  const chunk = Buffer.alloc(MB, 1);
  let left = leave > 0 ? freeBytes(dirname(file)) - leave : Infinity;
  try {
    while (left > 0) left -= writeSync(fd, chunk, 0, Math.min(MB, left));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  } finally {
    closeSync(fd);
  }
}

const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
const dbBytes = (dir: string) => size(join(dir, 'reeltaste.db')) + size(join(dir, 'reeltaste.db-wal'));

function staging(dir: string): string[] {
  try {
    const db = new BetterSqlite3(join(dir, 'reeltaste.db'), { readonly: true, fileMustExist: true });
    try {
      return db
        .prepare<[], string>("SELECT name FROM sqlite_master WHERE name LIKE 'staging_%'")
        .pluck()
        .all();
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/**
 * Once the import `pid` has written to its staging, stops it (SIGSTOP, in the same check), fills
 * the disk and lets it go on (SIGCONT): it finds the disk as full as asked at its next write,
 * wherever it was. Filling while it ran raced it: a 2M-rating import takes half a second, and its
 * writes meanwhile (a WAL checkpoint grows the file 4 MB at once) took a "leave 5 MB" fill to the
 * last byte on a loaded machine, or the import finished first.
 */
async function fillOnceWriting(pid: number, dir: string, before: number, filler: string, leave: number) {
  await until(() => {
    if (staging(dir).length === 0 || dbBytes(dir) <= before + 2 * MB) return false;
    process.kill(pid, 'SIGSTOP');
    return true;
  }, 'the import to write');
  try {
    fill(filler, leave);
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}

describe.skipIf(skipReason !== null)(`a full disk${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const tmp = tempDir('reeltaste-diskfull-');
  const mnt = join(tmp.path, 'mnt');
  let big: WrittenDataset;
  let small: WrittenDataset;
  const cli = (dir: string, ...args: string[]) => runCli(['--data-dir', dir, '--json', ...args]);
  const mount = (mb: number) => {
    mkdirSync(mnt, { recursive: true });
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m`, 'tmpfs', mnt]).status).toBe(0);
  };

  beforeAll(() => {
    big = writeSyntheticMovieLens(join(tmp.path, 'big'), 2_000_000, 1);
    small = writeSyntheticMovieLens(join(tmp.path, 'small'), 30_000, 2);
  });
  afterEach(() => {
    // -l: a process a failed test left running must not keep the tmpfs (and the temp folder) busy.
    spawnSync('umount', ['-l', mnt]);
  });
  afterAll(() => tmp.remove());

  /** A data folder on a fresh tmpfs holding the small dataset; returns it and its size. */
  function folderWithData(mb: number): { dir: string; before: number } {
    mount(mb);
    const dir = join(mnt, 'data');
    expect(cli(dir, 'ingest', 'movielens', small.dir).status).toBe(0);
    return { dir, before: dbBytes(dir) };
  }

  function expectIntact(dir: string) {
    const status = cli(dir, 'status');
    expect(status.status, status.stderr).toBe(0);
    expect(
      status.json<{ datasets: { counts: Record<string, number> }[] }>().datasets[0]!.counts,
    ).toMatchObject({
      ratings: small.ratings,
      users: small.users,
    });
    const db = new BetterSqlite3(join(dir, 'reeltaste.db'), { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  }

  it('refuses an import that cannot fit before writing anything', () => {
    const { dir, before } = folderWithData(24);
    const r = cli(dir, 'ingest', 'movielens', big.dir);
    expect(r.status).toBe(1);
    const { error } = r.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(
      new RegExp(
        `^The disk holding ${dir} is too full for this import \\(\\d+ MB free, about \\d+ MB needed\\)\\. ` +
          'Free some space on it, or choose a data folder on another disk \\(--data-dir\\); nothing was changed\\.$',
      ),
    );
    expect(dbBytes(dir)).toBe(before);
    expectIntact(dir);
  });

  it('an import that fills the disk stops, names the disk, and gives the space back', async () => {
    const { dir, before } = folderWithData(64);
    const a = startCli(['--data-dir', dir, '--json', 'ingest', 'movielens', big.dir]);
    await fillOnceWriting(a.pid, dir, before, join(mnt, 'filler'), 5 * MB);
    const r = await a.done;
    expect(r.status).toBe(1);
    const { error } = r.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('DISK_FULL');
    expect(error.message).toMatch(
      new RegExp(`^The disk holding ${dir} is full \\(\\d+ MB free, about \\d+ MB needed\\)\\. `),
    );
    expect(error.message).not.toMatch(/truncated|damaged|ratings\.csv/);
    // The space is back at once: no staging, an empty WAL, the database no bigger than before.
    expect(staging(dir)).toEqual([]);
    expect(size(join(dir, 'reeltaste.db-wal'))).toBe(0);
    expect(dbBytes(dir)).toBeLessThan(before * 1.2 + MB);
    rmSync(join(mnt, 'filler'));
    expectIntact(dir);
  });

  it('on a disk full to the last byte: still says so, still opens, and cleans up once space is freed', async () => {
    const { dir, before } = folderWithData(64);
    const a = startCli(['--data-dir', dir, '--json', 'ingest', 'movielens', big.dir]);
    await fillOnceWriting(a.pid, dir, before, join(mnt, 'filler'), 0);
    const r = await a.done;
    expect(r.json<{ error: { code: string } }>().error.code).toBe('DISK_FULL');
    const full = dbBytes(dir);
    // status works on the full disk ...
    const status = cli(dir, 'status');
    expect(status.status, status.stderr).toBe(0);
    // (read-only, through a copy, when SQLite could not even rebuild its WAL index in place)
    expect([undefined, 'the disk holding it is full']).toContain(
      status.json<{ readOnly?: string }>().readOnly,
    );
    // ... and once space is freed, the next start drops what the import left and shrinks the file.
    rmSync(join(mnt, 'filler'));
    expectIntact(dir);
    const after = dbBytes(dir);
    console.log(
      `[disk full] database + WAL: ${(before / 1e6).toFixed(1)} MB before, ${(full / 1e6).toFixed(1)} MB when the disk was full, ` +
        `${(after / 1e6).toFixed(1)} MB after the next start (${(freeBytes(mnt) / 1e6).toFixed(0)} MB free)`,
    );
    expect(staging(dir)).toEqual([]);
    expect(after).toBeLessThan(before * 1.2 + MB);
  });
});
