// GPU training as the app and the CLI run it: the compute worker trains on the GPU (Node's webgpu,
// lavapipe in CI), `train --backend gpu --json` reports the adapter and why, with the CPU's quality;
// a cancelled GPU job or a lost device saves nothing and leaves the previous model active. On the
// synthetic fixture, and on ml-latest-small when ../shared is there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { listModels } from '../../main/model/store.ts';
import type { CalibrationReport, EpochEvent, TrainOutcome } from '../../main/model/types.ts';
import { gpuSkipReason, hasGpu } from '../support/gpu.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';
import { runCli } from '../support/cli.ts';

describe.skipIf(!hasGpu).each(movieLensFixtures())(
  `GPU training in the worker and the CLI ($name)${hasGpu ? '' : ` ${gpuSkipReason}`}`,
  (f) => {
    let dir: ReturnType<typeof tempDir>;
    let s: Services;
    beforeAll(async () => {
      dir = tempDir();
      // The worker destroys its GPU device after epoch 2 when a test sets this (fault injection).
      s = createServices({
        dataDir: dir.path,
        spawner: nodeSpawner(undefined, { ...process.env, REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH: '2' }),
      });
      await ingestMovieLens(s, f.movielens);
    });
    afterAll(() => {
      s?.shutdown();
      dir?.remove();
    });

    it('a lost device or a cancelled GPU job saves nothing and leaves the previous model active', async () => {
      const first = await s.model.startTraining({ epochs: 2, backend: 'native' }).done;
      const count = listModels(s.db).length;
      const lost = s.model.startTraining({ epochs: 5, backend: 'gpu' });
      await expect(lost.done).rejects.toMatchObject({
        code: 'GPU_LOST',
        message: expect.stringMatching(/GPU device was lost during training .*nothing was saved/),
      });
      expect(s.jobs.get(lost.id)).toMatchObject({ state: 'failed' });

      const cancelled = s.model.startTraining({ epochs: 2, backend: 'gpu' });
      const detach = s.events.add({
        emit: (e, p) =>
          e === 'model/epoch' && (p as EpochEvent).jobId === cancelled.id && s.jobs.cancel(cancelled.id),
      });
      await expect(cancelled.done).rejects.toMatchObject({ code: 'CANCELLED' });
      detach();
      expect(s.status().model!.id).toBe(first.modelId);
      expect(listModels(s.db)).toHaveLength(count);
    });

    it('model/backend reports the adapter the worker sees', async () => {
      const status = await s.model.gpuStatus();
      expect(status).toMatchObject({
        available: true,
        runtime: 'node',
        adapter: { name: expect.any(String) },
      });
    });

    it('CLI: train --backend gpu --json reports the adapter and matches the CPU quality', () => {
      s.worker.shutdown();
      const env = { REELTASTE_DATA_DIR: dir.path };
      const cpu = runCli(['--json', 'train', '--backend', 'native', '--seed', '7'], env);
      expect(cpu.status, cpu.stderr).toBe(0);
      const gpu = runCli(['--json', 'train', '--backend', 'gpu', '--seed', '7'], env);
      expect(gpu.status, gpu.stderr).toBe(0);
      const c = cpu.json<TrainOutcome>();
      const g = gpu.json<TrainOutcome>();
      console.log(
        `[train ${f.name}, seed 7] native val RMSE ${c.valRmse!.toFixed(4)} in ${c.seconds.toFixed(1)} s | ` +
          `gpu (${g.adapter?.name}) val RMSE ${g.valRmse!.toFixed(4)} in ${g.seconds.toFixed(1)} s`,
      );
      expect(g).toMatchObject({
        backend: 'gpu',
        adapter: { name: expect.any(String), software: expect.any(Boolean) },
        backendReason: expect.stringMatching(/^the GPU, as requested; it passed the self-test/),
        gpuSelfTest: { agrees: true },
        ratings: f.counts.ratings,
      });
      // 30 epochs at most: early stopping on the validation slice may end sooner (early-stop.ts).
      expect(g.epochs).toBeGreaterThan(2);
      expect(g.epochs).toBeLessThanOrEqual(30);
      expect(c).toMatchObject({
        backend: 'native',
        adapter: null,
        backendReason: 'the native CPU kernel, as requested',
      });
      // A 2% validation split (~2,000 ratings): its RMSE's standard error is ~0.013, hence 0.02 here;
      // the strict comparison is check-calibration's below (10,000 held-out ratings).
      expect(Math.abs(g.valRmse! - c.valRmse!)).toBeLessThanOrEqual(0.02);
      // The version list keeps which adapter trained each model, and why.
      const models = listModels(s.db);
      expect(models[0]).toMatchObject({ id: g.modelId, backend: 'gpu', adapter: g.adapter!.name });
      expect(models[0]!.backendReason).toBe(g.backendReason);
    });

    it('CLI: check-calibration --backend gpu: RMSE within 0.005 and coverage within 0.01 of the CPU-trained model', () => {
      const env = { REELTASTE_DATA_DIR: dir.path };
      const args = ['--json', 'check-calibration', '--holdout', '0.1', '--seed', '42'];
      const cpu = runCli([...args, '--backend', 'native', '--threads', '1'], env);
      const gpu = runCli([...args, '--backend', 'gpu'], env);
      expect(cpu.status, cpu.stderr).toBe(0);
      expect(gpu.status, gpu.stderr).toBe(0);
      const c = cpu.json<CalibrationReport>();
      const g = gpu.json<CalibrationReport>();
      console.log(
        `[check-calibration ${f.name} 90/10, seed 42] native: RMSE ${c.rmse.toFixed(4)} cov80 ${c.coverage80.toFixed(4)} cov95 ${c.coverage95.toFixed(4)} in ${c.seconds.toFixed(1)} s | ` +
          `gpu (${g.adapter?.name}): RMSE ${g.rmse.toFixed(4)} cov80 ${g.coverage80.toFixed(4)} cov95 ${g.coverage95.toFixed(4)} in ${g.seconds.toFixed(1)} s`,
      );
      expect(g).toMatchObject({ backend: 'gpu', adapter: { name: expect.any(String) } });
      expect(c.backend).toBe('native');
      expect(Math.abs(g.rmse - c.rmse)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(g.coverage80 - c.coverage80)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(g.coverage95 - c.coverage95)).toBeLessThanOrEqual(0.01);
      // The GPU model clears the same quality floor as the CPU one (model-quality.test.ts).
      expect(g.rmse).toBeLessThanOrEqual(f.calibrationRmse);
      expect(g.rmse).toBeLessThan(g.biasOnlyRmse);
    });
  },
);
