// Real tasks through the worker entry as built (out/main/worker.js, forked like the CLI does), on
// the synthetic MovieLens fixture and on ml-latest-small: the native kernel is found from the
// bundle's layout and a model trains on it. Needs `npm run build` first.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';

const entry = join(import.meta.dirname, '../../out/main/worker.js');

describe.each(movieLensFixtures())('the bundled worker ($name)', (f) => {
  const dir = tempDir();
  let s: Services;
  beforeAll(async () => {
    expect(existsSync(entry)).toBe(true);
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner(entry) });
    const r = await s.files.drop([f.movielens]);
    const id = r.accepted[0]!.jobId!;
    while (s.jobs.get(id)?.state === 'running') await new Promise((res) => setTimeout(res, 100));
    expect(s.jobs.get(id)?.state).toBe('done');
  });
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });

  it('loads the native kernel beside the bundle and trains with it', async () => {
    const outcome = await s.model.startTraining({ backend: 'native', epochs: 3, dim: 8 }).done;
    expect(outcome.backend).toBe('native');
    expect(outcome.epochs).toBe(3);
    expect(outcome.items).toBe(f.ratedMovies);
    expect(outcome.trainRmse).toBeGreaterThan(0);
    expect(outcome.trainRmse).toBeLessThan(1.5);
  });

  it('answers the GPU status from the bundle (Node runtime)', async () => {
    const st = await s.model.gpuStatus();
    expect(st.runtime).toBe('node');
    expect(typeof st.available).toBe('boolean');
  });
});
