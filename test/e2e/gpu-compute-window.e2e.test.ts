// The same WGSL kernels and driver in Chromium's own WebGPU (SwiftShader here), through the compute
// window's page and port protocol: what the app uses inside Electron, where dawn.node cannot load.
// The trainer talks to the page exactly as the Electron worker does (computeWindowProvider); only
// the port is bridged by Playwright instead of Electron's MessageChannelMain.
import { afterAll, describe, expect, it } from 'vitest';
import { checkCalibration } from '../../main/model/calibration.ts';
import { setGpuProvider } from '../../main/model/gpu/provider.ts';
import { computeWindowProvider } from '../../main/model/gpu/compute-window/worker/client.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import { openTrainer, trainModel } from '../../main/model/train.ts';
import { conformanceOptions, expectConformance, planted } from '../support/conformance.ts';
import { expectSameAsCpu } from '../support/stratified-reference.ts';
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
    const opts = { epochs: 4, seed: 3, validation: 0.05, patience: 0, backend: 'gpu' as const };
    const gpu = await trainModel(matrix, opts);
    expect(gpu).toMatchObject({ backend: 'gpu', adapter: { software: true } });
    expect(gpu.backendReason).toMatch(/passed the self-test against the js CPU kernel/);
    await expectSameAsCpu(gpu, matrix, opts);
  });

  it('passes the kernel conformance test (planted low-rank matrix)', async () => {
    const data = planted(11);
    const trainer = await openTrainer(data.matrix, { ...conformanceOptions(1), backend: 'gpu' });
    try {
      await expectConformance(data, trainer);
    } finally {
      trainer.close?.();
    }
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
