// Training through the real services and compute worker on MovieLens data (synthetic, and
// ml-latest-small when ../shared is there): a model version is saved and reported by status; killing
// the worker mid-training leaves the previous model active and the database intact; the CLI's train
// and check-calibration print the documented JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { listModels, loadActiveModel } from '../../main/model/store.ts';
import type { EpochEvent } from '../../main/model/types.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';
import { runCli } from '../support/cli.ts';
import { join } from 'node:path';
import { loadMetadataModel } from '../../main/model/metadata/store.ts';
import { fitVersionMetadata } from '../../main/model/metadata/version.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import type { TitleMetadata } from '../../main/model/metadata/types.ts';

const UNSEEN: TitleMetadata = {
  titleType: 'tvSeries',
  year: 2024,
  runtimeMinutes: 50,
  genres: ['Drama'],
  imdbRating: 8,
  imdbVotes: 5000,
  directors: [],
  writers: [],
  cast: [],
};

/**
 * What each data set must reach: validation RMSE after 12 epochs (synthetic: a global-mean guess
 * scores 1.07; seen 0.95), and how many items have one rating and 100 or more (the groups whose
 * uncertainty is compared).
 */
const BOUNDS = {
  real: { valRmse: 0.9, rare: 1000, popular: 50 },
  synthetic: { valRmse: 0.98, rare: 10, popular: 10 },
};

describe.each(movieLensFixtures())('training in the worker ($name)', (f) => {
  const bounds = f.real ? BOUNDS.real : BOUNDS.synthetic;
  let dir: ReturnType<typeof tempDir>;
  let s: Services;
  beforeAll(async () => {
    dir = tempDir();
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    await ingestMovieLens(s, f.movielens);
  });
  afterAll(() => {
    s?.shutdown();
    dir?.remove();
  });

  it('trains, streams one event per epoch, saves and activates a new version', async () => {
    const epochs: EpochEvent[] = [];
    const detach = s.events.add({ emit: (e, p) => e === 'model/epoch' && epochs.push(p as EpochEvent) });
    const job = s.model.startTraining({ epochs: 12, seed: 3 });
    const out = await job.done;
    detach();
    expect(epochs.map((e) => e.epoch)).toEqual([...Array(12).keys()].map((k) => k + 1));
    expect(epochs.every((e) => e.jobId === job.id)).toBe(true);
    expect(out).toMatchObject({
      epochs: 12,
      users: f.counts.users,
      items: f.ratedMovies,
      ratings: f.counts.ratings,
    });
    expect(out.valRmse!).toBeLessThan(bounds.valRmse);
    expect(s.status().model).toMatchObject({ id: out.modelId, dim: 20 });
    const params = loadActiveModel(s.db)!;
    expect(params.itemIds).toHaveLength(f.ratedMovies);
    expect(params.itemFactorVar).toHaveLength(f.ratedMovies * 20);
    // Item uncertainty follows the evidence: one-rating items stay near the prior, popular ones are tight.
    const byCount = (pred: (n: number) => boolean) =>
      [...params.itemCounts.keys()].filter((i) => pred(params.itemCounts[i]!));
    const mean = (xs: number[], f: (i: number) => number) => xs.reduce((acc, i) => acc + f(i), 0) / xs.length;
    const rare = byCount((n) => n === 1);
    const popular = byCount((n) => n >= 100);
    expect(rare.length).toBeGreaterThan(bounds.rare);
    expect(popular.length).toBeGreaterThan(bounds.popular);
    const factorVar = (i: number) => params.itemFactorVar[i * 20]!;
    expect(mean(rare, factorVar)).toBeGreaterThan(0.5 * params.priorVar[0]!);
    expect(mean(rare, factorVar)).toBeGreaterThan(2 * mean(popular, factorVar));
    expect(mean(rare, (i) => params.itemBiasVar[i]!)).toBeGreaterThan(
      5 * mean(popular, (i) => params.itemBiasVar[i]!),
    );
    expect(s.jobs.get(job.id)).toMatchObject({ state: 'done' });
    // The version's metadata model is fitted with it (MovieLens' own year and genres here) and
    // places a title it never saw. A fit that cannot run is an error, not a throw.
    const meta = loadMetadataModel(s.db, out.modelId)!;
    expect(meta.report.items).toBeGreaterThanOrEqual(50);
    expect(meta.model.posterior(UNSEEN).mean).toHaveLength(20);
    expect(
      fitVersionMetadata(join(dir.path, 'missing', 'x.db'), { params, options: defaultTrainOptions }),
    ).toEqual({
      error: expect.stringMatching(/./),
    });
  });

  it('keeps the previous model active and the database intact when the worker is killed mid-training', async () => {
    const before = s.status().model!;
    const count = listModels(s.db).length;
    const job = s.model.startTraining({ epochs: 400, seed: 4, backend: 'js', patience: 0 });
    await new Promise<void>((resolve) => {
      const detach = s.events.add({
        emit: (e, p) => {
          if (e === 'model/epoch' && (p as EpochEvent).epoch === 2) {
            detach();
            resolve();
          }
        },
      });
    });
    s.worker.kill();
    await expect(job.done).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    expect(s.status().model).toEqual(before);
    expect(listModels(s.db)).toHaveLength(count);
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    // The next job gets a fresh worker.
    const again = await s.model.startTraining({ epochs: 2 }).done;
    expect(s.status().model!.id).toBe(again.modelId);
  });

  it('cancels training and leaves the previous model active', async () => {
    const before = s.status().model!;
    const job = s.model.startTraining({ epochs: 400, backend: 'js', patience: 0 });
    setTimeout(() => s.jobs.cancel(job.id), 300);
    await expect(job.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.status().model).toEqual(before);
  });

  it('checks calibration without touching the active model', async () => {
    const before = s.status().model!;
    const report = await s.model.startCalibration({ holdout: 0.1, seed: 42 }).done;
    expect(report.rmse).toBeLessThan(report.biasOnlyRmse);
    expect(s.status().model).toEqual(before);
  });

  it('CLI: train and check-calibration print the documented JSON', () => {
    const env = { REELTASTE_DATA_DIR: dir.path };
    s.worker.shutdown();
    const t = runCli(
      ['--json', 'train', '--epochs', '5', '--seed', '7', '--threads', '1', '--backend', 'js'],
      env,
    );
    expect(t.status, t.stderr).toBe(0);
    expect(t.json()).toMatchObject({ backend: 'js', threads: 1, epochs: 5, ratings: f.counts.ratings });
    const c = runCli(['--json', 'check-calibration', '--holdout', '0.1', '--seed', '42'], env);
    expect(c.status, c.stderr).toBe(0);
    const r = c.json<Record<string, number>>();
    for (const key of ['rmse', 'mae', 'coverage80', 'coverage95', 'baselineRmse'])
      expect(typeof r[key]).toBe('number');
    expect(r.rmse).toBeLessThanOrEqual(f.calibrationRmse);
    expect(r.rmse).toBeLessThan(r.baselineRmse!);
    const folds = runCli(['--json', 'check-calibration', '--folds', '3', '--epochs', '5'], env);
    expect(folds.status, folds.stderr).toBe(0);
    expect(folds.json()).toMatchObject({ folds: 3, heldOut: f.counts.ratings });
    // Without the addon: --backend native is refused with the reason, auto falls back to the TS reference.
    const noNative = { ...env, REELTASTE_DISABLE_NATIVE: '1' };
    const refused = runCli(['--json', 'train', '--backend', 'native', '--epochs', '1'], noNative);
    expect(refused.status).not.toBe(0);
    expect(refused.json()).toMatchObject({
      error: {
        message: expect.stringContaining(
          'native training kernel is not available: disabled by REELTASTE_DISABLE_NATIVE=1',
        ),
      },
    });
    const fallback = runCli(['--json', 'train', '--epochs', '2'], noNative);
    expect(fallback.json()).toMatchObject({ backend: 'js', threads: 1 });
    const bad = runCli(['--json', 'train', '--backend', 'cuda'], env);
    expect(bad.status).toBe(2);
    expect(bad.json()).toMatchObject({
      error: {
        code: 'INVALID_INPUT',
        message: expect.stringContaining('--backend must be auto, native, js or gpu'),
      },
    });
  });
});
