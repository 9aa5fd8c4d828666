// Settings → Training with a GPU: the pane names the adapter the worker sees, trains with the GPU
// backend when asked, and says which backend trained the active model, on which adapter and why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { TrainingPage } from './pages/training.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { listModels } from '../../main/model/store.ts';
import { gpuSkipReason, gpuStatus, hasGpu } from '../support/gpu.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

const reasons = `${hasGpu ? '' : gpuSkipReason} ${hasSharedData ? '' : sharedDataSkipReason}`;

describe.skipIf(!hasGpu || !hasSharedData)(`GPU training from Settings ${reasons}`, () => {
  let h: Harness;
  let pane: TrainingPage;
  beforeAll(async () => {
    h = await startHarness({
      beforeLoad: (s) => ingestMovieLens(s, dataPath('ml-latest-small')).then(() => undefined),
    });
    pane = new TrainingPage(h.page);
  });
  afterAll(async () => {
    await h?.close();
    await closeBrowser();
  });

  it('names the adapter, trains on it and says why', async () => {
    await pane.open();
    const name = gpuStatus.adapter!.name;
    await expect.poll(() => pane.gpuStatus().innerText(), { timeout: 30_000 }).toContain(name);
    if (gpuStatus.adapter!.software)
      expect(await pane.gpuStatus().innerText()).toMatch(
        /software renderer.*"auto" keeps to the CPU kernel/s,
      );
    await pane.field('epochs').fill('4');
    await pane.field('backend').selectOption('gpu');
    await h.screenshot('training-gpu-before');
    await pane.trainButton().click();
    await expect.poll(() => pane.history().isVisible(), { timeout: 120_000 }).toBe(true);
    const [m] = listModels(h.services.db);
    expect(m).toMatchObject({ active: true, backend: 'gpu', adapter: name });
    await expect.poll(() => pane.model(m!.id).innerText()).toContain(`gpu (${name})`);
    await expect
      .poll(() => pane.backendReason().innerText())
      .toMatch(/Active model #\d+: gpu on .*the GPU, as requested; it passed the self-test/s);
    await h.screenshot('training-gpu-done');
    await h.page.getByTestId('theme-select').selectOption('dark');
    await h.screenshot('training-gpu-dark');
  });
});
