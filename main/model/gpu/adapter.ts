// What we tell the user about a WebGPU adapter, and whether it is a real GPU. Software adapters
// (Mesa's lavapipe/llvmpipe, SwiftShader, WARP) run the kernels on the CPU, slower than the native
// kernel: "auto" never picks them, an explicit --backend gpu still may (that is how CI tests them).
import type { GpuAdapterSummary } from './types.ts';

const SOFTWARE = /llvmpipe|lavapipe|swiftshader|software|microsoft basic render|warp/i;

export function summarizeAdapter(adapter: GPUAdapter): GpuAdapterSummary {
  const info = adapter.info;
  const fields = [info.vendor, info.architecture, info.device, info.description].filter((x) => !!x);
  const name = info.description || [info.vendor, info.architecture, info.device].filter(Boolean).join(' ');
  const fallback = (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter === true;
  return {
    name: name || 'unnamed adapter',
    vendor: info.vendor,
    architecture: info.architecture,
    software: fallback || fields.some((f) => SOFTWARE.test(f)),
  };
}

/** The limits training needs, raised to what the adapter offers (large data sets need big buffers). */
export function deviceDescriptor(adapter: GPUAdapter): GPUDeviceDescriptor {
  return {
    label: 'reeltaste-train',
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
    },
  };
}

/** Settings' line about an adapter before any training. */
export function adapterStatusReason(a: GpuAdapterSummary): string {
  return a.software
    ? 'a software renderer: "auto" keeps to the CPU kernel; choose the GPU backend to use it anyway'
    : '"auto" trains on it when its self-test agrees with the CPU kernel';
}

/** Why "auto" did not use a software adapter. */
export function softwareDeclined(a: GpuAdapterSummary): string {
  return `the only WebGPU adapter is a software renderer (${a.name}), slower than the CPU kernel`;
}
