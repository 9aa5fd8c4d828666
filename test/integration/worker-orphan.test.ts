// The CLI killed (kill -9) while its compute worker trains: the worker notices its parent is gone
// and exits at once, quietly (it used to die on its next progress message with an unhandled EPIPE
// stack on the terminal). The data folder keeps its previous model.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, until } from '../support/cli.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';

describe('a worker whose parent is killed', () => {
  const tmp = tempDir('reeltaste-orphan-');
  const data = join(tmp.path, 'data');
  beforeAll(() => {
    const ml = writeSyntheticMovieLens(join(tmp.path, 'ml'), 300_000, 4);
    expect(runCli(['--data-dir', data, '--json', 'ingest', 'movielens', ml.dir]).status).toBe(0);
  });
  afterAll(() => tmp.remove());

  it('exits quietly and at once instead of training on or printing an EPIPE stack', async () => {
    // 1000 epochs: minutes of work, so an exit within seconds is the worker noticing, not finishing.
    const train = startCli(['--data-dir', data, 'train', '--epochs', '1000', '--dim', '4', '--threads', '1']);
    try {
      await until(() => /epoch +2 /.test(train.stdout()), 'two training epochs', 100_000);
    } catch (err) {
      process.kill(train.pid, 'SIGKILL');
      throw err;
    }
    const killedAt = Date.now();
    process.kill(train.pid, 'SIGKILL');
    // `done` settles when every holder of the CLI's stdout/stderr has closed them: the worker too.
    const r = await train.done;
    const seconds = (Date.now() - killedAt) / 1000;
    expect(seconds).toBeLessThan(20);
    const afterKill = r.stderr
      .split(/\r|\n/)
      .filter((l) => l.trim() && !l.startsWith('Training the taste model'));
    expect(afterKill).toEqual([]);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|Error/);
    const status = runCli(['--data-dir', data, '--json', 'status']).json<{ model: unknown }>();
    expect(status.model).toBeNull();
  });
});
