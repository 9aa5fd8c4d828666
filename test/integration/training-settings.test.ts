// `train` without flags uses the options saved in Settings → Training; flags still win (on the
// synthetic catalogue, and on ml-latest-small when ../shared is there).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { runCli } from '../support/cli.ts';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

describe.each(movieLensFixtures())('training defaults from settings ($name)', (f) => {
  const t = testServices('reeltaste-train-settings-');
  beforeAll(async () => {
    await ingestMovieLens(t.s, f.movielens);
    t.s.settings.update({ training: { dim: 6, epochs: 3, threads: 1 } });
    t.s.shutdown();
  });
  afterAll(() => t.close());

  it('trains with the saved dimension, epochs and threads', () => {
    const r = runCli(['--data-dir', t.dir, 'train', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ epochs: 3, threads: 1 });
    expect(runCli(['--data-dir', t.dir, 'status', '--json']).json()).toMatchObject({ model: { dim: 6 } });
  });

  it('lets flags override the saved options', () => {
    const r = runCli(['--data-dir', t.dir, 'train', '--json', '--dim', '4', '--epochs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({ epochs: 2, threads: 1 });
    expect(runCli(['--data-dir', t.dir, 'status', '--json']).json()).toMatchObject({ model: { dim: 4 } });
  });
});
