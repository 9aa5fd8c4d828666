// A data folder that cannot be written to, through the real CLI: status and export still work
// (the database is opened read-only, through a private copy when SQLite could not read it in
// place), as does recommend; commands that write say which folder is read-only and why, and nothing
// in it changes.
// Two ways a folder is read-only: no permission (chmod; as root the CLI runs as `nobody` via
// setpriv) and a read-only disk (a read-only bind mount, root only). Each skips with its reason.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { cliBin, runCli } from '../support/cli.ts';
import { movieCatalogue, writeExport } from '../support/heldout.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';

const isRoot = process.getuid?.() === 0;
const NOBODY = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];

/** Runs the CLI as `prefix` (e.g. as nobody) and returns status, stdout, stderr. */
function runAs(prefix: string[], args: string[]) {
  const [cmd, ...rest] = prefix.length ? prefix : [process.execPath];
  const r = spawnSync(cmd!, [...rest, ...(prefix.length ? [process.execPath] : []), cliBin, ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout.trim().split('\n').pop()!),
  };
}

function canRunAsNobody(): boolean {
  if (!isRoot) return false;
  return spawnSync(NOBODY[0]!, [...NOBODY.slice(1), process.execPath, '-e', '0']).status === 0;
}

function canMount(): boolean {
  if (!isRoot) return false;
  const probe = tempDir('reeltaste-mount-probe-');
  try {
    const ok = spawnSync('mount', ['--bind', probe.path, probe.path]).status === 0;
    if (ok) spawnSync('umount', [probe.path]);
    return ok;
  } finally {
    probe.remove();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a read-only data folder', () => {
  const tmp = tempDir('reeltaste-readonly-');
  const data = join(tmp.path, 'data');
  let ratings = 0;

  beforeAll(() => {
    chmodSync(tmp.path, 0o755); // nobody must reach the folder to read it
    const ml = writeSyntheticMovieLens(join(tmp.path, 'ml'), 30_000, 3);
    ratings = ml.ratings;
    const cli = (...a: string[]) => runCli(['--data-dir', data, '--json', ...a]);
    expect(cli('ingest', 'movielens', ml.dir).status).toBe(0);
    expect(cli('train', '--epochs', '2', '--dim', '4', '--threads', '1').status).toBe(0);
    // A profile, so `recommend` has something to work from: 40 films of the catalogue, rated.
    const db = new BetterSqlite3(join(data, 'reeltaste.db'), { readonly: true });
    const movies = movieCatalogue(db);
    db.close();
    const rated = [...movies.keys()].slice(0, 40).map((movieId, i) => ({ movieId, stars: 1 + (i % 9) / 2 }));
    writeExport(join(tmp.path, 'export.csv'), rated, movies);
    expect(cli('import-ratings', join(tmp.path, 'export.csv')).status).toBe(0);
    // A clean close leaves only reeltaste.db: SQLite then needs to create its -shm to read it.
    expect(readdirSync(data).filter((f) => f.startsWith('reeltaste.db'))).toEqual(['reeltaste.db']);
  });
  afterAll(() => {
    chmodSync(data, 0o755);
    tmp.remove();
  });

  /** The checks shared by both ways: `as` runs the CLI as whoever meets the read-only folder. */
  function readOnlyChecks(folder: string, as: string[], why: string) {
    const before = sha(join(folder, 'reeltaste.db'));
    const out = join(tmp.path, `export-${as.length ? 'nobody' : 'self'}-${why.length}`);
    mkdirSync(out, { recursive: true });
    chmodSync(out, 0o777);

    const status = runAs(as, ['--data-dir', folder, '--json', 'status']);
    expect(status.status, status.stderr).toBe(0);
    expect(status.json()).toMatchObject({
      readOnly: why,
      datasets: [{ kind: 'movielens', counts: { ratings } }],
      model: { dim: 4 },
    });
    const human = runAs(as, ['--data-dir', folder, 'status']);
    expect(human.stdout).toContain(`Read-only: ${why}; showing what it holds, changing nothing.`);

    const exported = runAs(as, ['--data-dir', folder, '--json', 'export', '--out', out]);
    expect(exported.status, exported.stderr).toBe(0);
    expect(exported.json().files).toHaveLength(1);
    expect(existsSync(exported.json().files[0].path)).toBe(true);

    // Recommendations only read (the implicit model, when it was never stored, is left out). They
    // are scored in the compute worker, which `nobody` cannot start from root's Node here.
    if (as.length === 0) {
      const recs = runAs(as, ['--data-dir', folder, '--json', 'recommend', '--top-n', '5']);
      expect(recs.status, recs.stderr).toBe(0);
      expect(recs.json()).toHaveLength(5);
    }

    for (const [args, action] of [
      [['train', '--epochs', '1'], 'Training'],
      [['ingest', 'movielens', join(tmp.path, 'ml')], 'Importing'],
    ] as const) {
      const r = runAs(as, ['--data-dir', folder, '--json', ...args]);
      expect(r.status).toBe(1);
      expect(r.json()).toEqual({
        error: {
          code: 'READ_ONLY',
          message:
            `The data folder ${folder} is read-only (${why}): ${action} needs to write there. Reeltaste can show ` +
            'what it holds but cannot change it. Make the folder writable, or choose another data folder (--data-dir).',
        },
      });
    }
    // Nothing changed, and nothing was left behind.
    expect(sha(join(folder, 'reeltaste.db'))).toBe(before);
    expect(readdirSync(folder).filter((f) => f.startsWith('reeltaste.db'))).toEqual(['reeltaste.db']);
  }

  const permissionsReason = isRoot
    ? canRunAsNobody()
      ? null
      : 'root cannot drop to nobody here (setpriv missing or not permitted)'
    : null;
  it.skipIf(permissionsReason !== null)(
    `no permission to write (chmod a-w)${permissionsReason ? `: skipped, ${permissionsReason}` : ''}`,
    () => {
      chmodSync(join(data, 'reeltaste.db'), 0o444);
      chmodSync(data, 0o555);
      try {
        readOnlyChecks(data, isRoot ? NOBODY : [], 'you have no permission to write in it');
      } finally {
        chmodSync(data, 0o755);
        chmodSync(join(data, 'reeltaste.db'), 0o644);
      }
    },
  );

  const mountReason = !isRoot ? 'needs root' : canMount() ? null : 'mount is not permitted here';
  it.skipIf(mountReason !== null)(
    `a read-only disk (a read-only bind mount)${mountReason ? `: skipped, ${mountReason}` : ''}`,
    () => {
      const ro = join(tmp.path, 'ro');
      mkdirSync(ro);
      expect(spawnSync('mount', ['--bind', data, ro]).status).toBe(0);
      try {
        expect(spawnSync('mount', ['-o', 'remount,ro,bind', ro]).status).toBe(0);
        readOnlyChecks(ro, [], 'it is on a read-only disk');
      } finally {
        spawnSync('umount', [ro]);
      }
    },
  );
});
