// The WGSL kernels through Node's WebGPU (`webgpu`, Dawn; lavapipe in CI): the GPU computes what
// the CPU kernel computes over the same stratified order (synthetic data, no ../shared needed), the
// self-test tells a right kernel from a wrong one, and a cancelled job or a lost device fails
// clearly. Calibration parity on ml-latest-small is in gpu-service.test.ts (through the CLI).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GpuDriver } from '../../main/model/gpu/driver.ts';
import { openNodeGpu } from '../../main/model/gpu/node-device.ts';
import { gpuSelfTest } from '../../main/model/gpu/selftest.ts';
import { prepareGpuRun } from '../../main/model/gpu/prepare.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import type { Kernel } from '../../main/model/kernel.ts';
import { trainModel } from '../../main/model/train.ts';
import { syntheticRatings } from '../bench/synthetic.ts';
import { gpuSkipReason, gpuStatus, hasGpu } from '../support/gpu.ts';
import { expectSameAsCpu } from '../support/stratified-reference.ts';

const synthetic = () => syntheticRatings({ users: 500, items: 400, ratings: 40_000, seed: 11 });

async function withDevice<T>(f: (device: GPUDevice) => Promise<T>): Promise<T> {
  const s = await openNodeGpu();
  if ('reason' in s) throw new Error(s.reason);
  try {
    return await f(s.device);
  } finally {
    s.close();
  }
}

describe('WebGPU under Node', () => {
  it('has an adapter (required in CI)', () => {
    if (!hasGpu && process.env.CI !== 'true') return;
    expect(gpuStatus).toMatchObject({ available: true, runtime: 'node' });
    expect(gpuStatus.adapter!.name.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!hasGpu)(`GPU kernels through webgpu under Node ${hasGpu ? '' : gpuSkipReason}`, () => {
  it('computes what the CPU kernel computes over the same order (loss within 1e-5 relative, 6 epochs)', async () => {
    const matrix = synthetic();
    const opts = { epochs: 6, seed: 3, validation: 0.05, patience: 0, backend: 'gpu' as const };
    const gpu = await trainModel(matrix, opts);
    expect(gpu.threads).toBeGreaterThan(1); // the stratified schedule's parallel workers
    await expectSameAsCpu(gpu, matrix, opts);
  });

  it('self-test: agrees with the CPU kernel, and catches a kernel that computes something else', async () => {
    const run = prepareGpuRun(synthetic(), { seed: 5 });
    const skewed: Kernel = {
      name: 'js',
      run: (ex, s, step) => jsKernel.run(ex, s, { ...step, lr: step.lr * 1.05 }),
    };
    const [good, bad] = await withDevice(async (device) => {
      const driver = await GpuDriver.create(device, {
        dim: run.o.dim,
        nUsers: run.data.nUsers,
        nItems: run.data.nItems,
        schedule: run.schedule,
        heldOut: run.data.heldOut,
      });
      try {
        return [await gpuSelfTest(driver, run, jsKernel), await gpuSelfTest(driver, run, skewed)];
      } finally {
        driver.destroy();
      }
    });
    expect(good).toMatchObject({ agrees: true, cpuKernel: 'js' });
    expect(good.maxParamDiff).toBeLessThan(1e-5);
    expect(bad.agrees).toBe(false);
  });

  it('"auto" keeps to the CPU on a software adapter and says why; with software allowed it self-tests and uses it', async () => {
    const matrix = synthetic();
    const auto = await trainModel(matrix, { epochs: 2, backend: 'auto' });
    if (gpuStatus.adapter!.software) {
      expect(auto.backend).not.toBe('gpu');
      expect(auto.backendReason).toMatch(/software renderer/);
    }
    process.env.REELTASTE_GPU_ALLOW_SOFTWARE = '1';
    try {
      const gpu = await trainModel(matrix, { epochs: 2, backend: 'auto' });
      expect(gpu).toMatchObject({ backend: 'gpu', adapter: { name: gpuStatus.adapter!.name } });
      expect(gpu.backendReason).toMatch(/^auto: .*passed the self-test/);
      expect(gpu.gpuSelfTest).toMatchObject({ agrees: true });
    } finally {
      delete process.env.REELTASTE_GPU_ALLOW_SOFTWARE;
    }
  });

  it('survives awaiting other work and forced garbage collection while a GPU job is in flight', () => {
    const fixture = fileURLToPath(new URL('../fixtures/gpu-gc-stress.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', fixture], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('ok');
  });

  it('a cancelled job and a lost device fail clearly', async () => {
    const matrix = synthetic();
    const controller = new AbortController();
    const cancelled = trainModel(
      matrix,
      { epochs: 50, backend: 'gpu' },
      { signal: controller.signal, onEpoch: (m) => m.epoch === 1 && controller.abort() },
    );
    await expect(cancelled).rejects.toMatchObject({ code: 'CANCELLED' });
    process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH = '2';
    try {
      await expect(trainModel(matrix, { epochs: 5, backend: 'gpu' })).rejects.toMatchObject({
        code: 'GPU_LOST',
        message: expect.stringMatching(/lost during training.*nothing was saved/),
      });
    } finally {
      delete process.env.REELTASTE_GPU_LOSE_DEVICE_AFTER_EPOCH;
    }
    // The next job opens a fresh device.
    expect((await trainModel(matrix, { epochs: 1, backend: 'gpu' })).backend).toBe('gpu');
  });
});
