// A database written by a newer Reeltaste is refused exactly as it was found: checked before the
// journal mode is switched to WAL (a DELETE-mode file used to come back in WAL mode, changed,
// under a message saying "Nothing was changed").
import BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { latestVersion } from '../../main/db/database.ts';
import { runCli } from '../support/cli.ts';
import { tempDir } from '../support/tmp.ts';

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('a database from a newer Reeltaste', () => {
  const tmp = tempDir('reeltaste-newer-');
  afterAll(() => tmp.remove());

  it.each(['DELETE', 'WAL'])('in %s journal mode is refused untouched', (mode) => {
    const dir = join(tmp.path, mode);
    mkdirSync(dir);
    const file = join(dir, 'reeltaste.db');
    const db = new BetterSqlite3(file);
    db.pragma(`journal_mode = ${mode}`);
    db.exec('CREATE TABLE from_the_future(x); INSERT INTO from_the_future VALUES (1)');
    db.pragma(`user_version = ${latestVersion() + 5}`);
    db.close();
    const before = sha(file);
    const header = readFileSync(file).subarray(18, 20);
    for (const args of [['status'], ['train', '--epochs', '1'], ['export', '--out', join(tmp.path, 'out')]]) {
      const r = runCli(['--data-dir', dir, '--json', ...args]);
      // Byte for byte the same file, journal mode (header bytes 18-19) included.
      expect(sha(file), `after ${args[0]}`).toBe(before);
      expect([...readFileSync(file).subarray(18, 20)]).toEqual([...header]);
      expect(r.status).toBe(1);
      expect(r.json()).toEqual({
        error: {
          code: 'DB_TOO_NEW',
          message:
            `The database ${file} was written by a newer version of Reeltaste (schema ${latestVersion() + 5}; ` +
            `this version knows up to ${latestVersion()}). Update the app, or choose another data folder. Nothing was changed.`,
        },
      });
    }
    // No -wal, no -shm left beside it.
    expect(readdirSync(dir).filter((f) => f.startsWith('reeltaste.db'))).toEqual(['reeltaste.db']);
  });
});
