// WebGPU under plain Node (the CLI, tests, the worker forked with child_process): the `webgpu`
// package, Dawn's dawn.node. Inside Electron dawn.node cannot load (its V8 memory cage forbids
// external buffers); the app's GPU path there is the compute window.
//
// Lifetime: Dawn's instance lives as long as the object create() returns. If that object is
// garbage-collected while a device it made still exists, the process dies (seen here: a segfault,
// "The futex facility returned an unexpected error code", or std::system_error thrown from
// ProcessEvents) — typically during an await on other work, when V8 finds time to collect. So one
// instance is created per process and held for its whole life; devices are destroyed after use.
import { deviceDescriptor, summarizeAdapter } from './adapter.ts';
import type { GpuAdapterSummary } from './types.ts';

export interface GpuSession {
  device: GPUDevice;
  adapter: GpuAdapterSummary;
  /** Destroys the device (the instance stays, see above). */
  close(): void;
}

interface WebGpuModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let instance: Promise<GPU | { reason: string }> | undefined;

function loadInstance(): Promise<GPU | { reason: string }> {
  instance ??= import('webgpu').then(
    (m) => {
      const mod = m as unknown as WebGpuModule;
      // GPUBufferUsage and friends, as a browser has them.
      for (const [name, value] of Object.entries(mod.globals))
        if (!(name in globalThis)) (globalThis as Record<string, unknown>)[name] = value;
      return mod.create([]);
    },
    (err: Error) => ({ reason: `the webgpu package did not load: ${err.message}` }),
  );
  return instance;
}

/** Opens a device on the preferred adapter, or says why there is none. */
export async function openNodeGpu(): Promise<GpuSession | { reason: string }> {
  if (process.versions.electron)
    return { reason: 'dawn.node cannot run inside Electron; the app uses its compute window' };
  if (process.env.REELTASTE_DISABLE_GPU === '1') return { reason: 'disabled by REELTASTE_DISABLE_GPU=1' };
  const gpu = await loadInstance();
  if ('reason' in gpu) return gpu;
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    return { reason: 'no WebGPU adapter (no GPU driver with Vulkan, Metal or Direct3D 12 support found)' };
  const device = await adapter.requestDevice(deviceDescriptor(adapter));
  return { device, adapter: summarizeAdapter(adapter), close: () => device.destroy() };
}
