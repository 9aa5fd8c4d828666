// The same WGSL kernels and driver in Chromium's own WebGPU (SwiftShader here), through the compute
// window's page and port protocol: what the app uses inside Electron, where dawn.node cannot load.
// The trainer talks to the page exactly as the Electron worker does (computeWindowProvider); only
// the port is bridged by Playwright instead of Electron's MessageChannelMain.
import { afterAll, describe, expect, it } from 'vitest';
import { checkCalibration } from '../../main/model/calibration.ts';
import { heldOutRmse, klDivergence, updateVariances } from '../../main/model/epoch.ts';
import { setGpuProvider } from '../../main/model/gpu/provider.ts';
import { prepareGpuRun } from '../../main/model/gpu/train-gpu.ts';
import { computeWindowProvider } from '../../main/model/gpu/window/client.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { trainModel } from '../../main/model/train.ts';
import { syntheticRatings } from '../bench/synthetic.ts';
import { hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { mlLatestSmall } from '../support/ratings-matrix.ts';
import { ComputeWindowPage } from './pages/compute-window.ts';

const window = new ComputeWindowPage();
const provider = computeWindowProvider(() => window.connect());
setGpuProvider(provider);
const status = await provider.status().catch((err: Error) => ({
  available: false as const,
  adapter: null,
  reason: err.message,
}));
const skip = `(Chromium offers no WebGPU adapter: ${status.reason})`;
if (!status.available) console.warn(`[tests] skipping compute-window GPU tests ${skip}`);

const synthetic = () => syntheticRatings({ users: 500, items: 400, ratings: 40_000, seed: 11 });

afterAll(async () => {
  await window.close();
  expect(window.pageErrors).toEqual([]);
});

describe('the compute window in Chromium', () => {
  it('offers a WebGPU adapter (required in CI)', () => {
    if (!status.available && process.env.CI !== 'true') return;
    expect(status).toMatchObject({ available: true, runtime: 'compute-window' });
  });
});

describe.skipIf(!status.available)(`GPU kernels in Chromium's WebGPU ${status.available ? '' : skip}`, () => {
  it('trains on the GPU and computes what the CPU kernel computes over the same order', async () => {
    const matrix = synthetic();
    const opts = { epochs: 4, seed: 3, validation: 0.05, backend: 'gpu' as const };
    const gpu = await trainModel(matrix, opts);
    expect(gpu).toMatchObject({ backend: 'gpu', adapter: { software: true } });
    expect(gpu.backendReason).toMatch(/passed the self-test against the js CPU kernel/);
    const cpu = prepareGpuRun(matrix, opts);
    const s = cpu.state;
    const n = cpu.data.train.ratings.length;
    for (let e = 0; e < opts.epochs; e++) {
      const d = 1 / (1 + cpu.o.lrDecay * e);
      const sums = jsKernel.run(cpu.schedule.examples, s, {
        start: 0,
        end: n,
        lr: cpu.o.lr * d,
        lrBias: cpu.o.lrBias * d,
        threads: 1,
      });
      updateVariances(s, cpu.data.userCounts, cpu.data.itemCounts, sums.ese, n);
      const kl = klDivergence(s, cpu.data.userCounts, cpu.data.itemCounts);
      const loss = (0.5 * sums.ese) / n / s.noiseVar + 0.5 * Math.log(2 * Math.PI * s.noiseVar) + kl / n;
      expect(Math.abs(gpu.epochs[e]!.loss - loss) / loss).toBeLessThan(1e-5);
      expect(gpu.epochs[e]!.valRmse!).toBeCloseTo(heldOutRmse(s, cpu.data.heldOut), 5);
    }
    let maxDiff = 0;
    for (let j = 0; j < s.itemMean.length; j++)
      maxDiff = Math.max(maxDiff, Math.abs(s.itemMean[j]! - gpu.params.itemFactorMean[j]!));
    expect(maxDiff).toBeLessThan(1e-4);
  });

  it('cancel, a lost device and a crashed window each fail the job clearly; the next job works', async () => {
    const matrix = synthetic();
    const controller = new AbortController();
    await expect(
      trainModel(
        matrix,
        { epochs: 50, backend: 'gpu' },
        { signal: controller.signal, onEpoch: () => controller.abort() },
      ),
    ).rejects.toMatchObject({ code: 'CANCELLED' });
    process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH = '1';
    try {
      await expect(trainModel(matrix, { epochs: 4, backend: 'gpu' })).rejects.toMatchObject({
        code: 'GPU_LOST',
      });
    } finally {
      delete process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH;
    }
    const crashed = trainModel(
      matrix,
      { epochs: 50, backend: 'gpu' },
      { onEpoch: () => void window.page?.close() },
    );
    await expect(crashed).rejects.toMatchObject({
      code: 'GPU_LOST',
      message: expect.stringMatching(/compute window stopped/),
    });
    expect((await trainModel(matrix, { epochs: 1, backend: 'gpu' })).backend).toBe('gpu');
  });
});

describe.skipIf(!status.available || !hasSharedData)(
  `GPU calibration parity in Chromium ${status.available ? '' : skip} ${hasSharedData ? '' : sharedDataSkipReason}`,
  () => {
    it('ml-latest-small: RMSE within 0.005 and coverage within 0.01 of the CPU-trained model', async () => {
      const matrix = mlLatestSmall();
      const cpuBackend = loadNativeKernel().kernel ? 'native' : 'js';
      const options = { holdout: 0.1, folds: 1, seed: 42 };
      const cpu = await checkCalibration(matrix, { ...options, train: { threads: 1, backend: cpuBackend } });
      const gpu = await checkCalibration(matrix, { ...options, train: { backend: 'gpu' } });
      console.log(
        `[calibration parity in Chromium] ${cpuBackend}: RMSE ${cpu.rmse.toFixed(4)} cov80 ${cpu.coverage80.toFixed(4)} cov95 ${cpu.coverage95.toFixed(4)} | ` +
          `gpu (${gpu.adapter?.name}): RMSE ${gpu.rmse.toFixed(4)} cov80 ${gpu.coverage80.toFixed(4)} cov95 ${gpu.coverage95.toFixed(4)} in ${gpu.seconds.toFixed(1)} s`,
      );
      expect(gpu.backend).toBe('gpu');
      expect(Math.abs(gpu.rmse - cpu.rmse)).toBeLessThanOrEqual(0.005);
      expect(Math.abs(gpu.coverage80 - cpu.coverage80)).toBeLessThanOrEqual(0.01);
      expect(Math.abs(gpu.coverage95 - cpu.coverage95)).toBeLessThanOrEqual(0.01);
    });
  },
);
