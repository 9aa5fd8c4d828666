// Loads the native kernel if it was built (native/build/Release), else says why not. The same
// relative path works from source (main/model/) and from the bundle (out/main/); inside a packaged
// app the .node file lives in app.asar.unpacked.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Examples } from './data.ts';
import type { Kernel, KernelStep, KernelSums } from './kernel.ts';
import type { VariationalState } from './state.ts';
import type { NativeStatus } from './types.ts';

export type { NativeStatus };

interface NativeModule {
  run(ex: Examples, s: VariationalState, step: KernelStep): KernelSums;
  heldOutSse(ex: Examples, s: VariationalState): number;
  endEpoch(
    s: VariationalState,
    userCounts: Int32Array,
    itemCounts: Int32Array,
    ese: number,
    nTrain: number,
  ): { noiseVar: number; kl: number };
  hardwareThreads: number;
  version: number;
  simd: string;
}

export const nativeAddonPath = fileURLToPath(
  new URL('../../native/build/Release/reeltaste_train.node', import.meta.url),
).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');

// The addon's interface version this code needs (kernel.cc exports it): 4 added examples.rounds, the
// sliced rounds of data.ts. An older build left in native/build would misread the blocks.
const NATIVE_VERSION = 4;

let cached: { kernel: Kernel | null; status: NativeStatus } | undefined;

export function loadNativeKernel(): { kernel: Kernel | null; status: NativeStatus } {
  if (cached) return cached;
  const path = nativeAddonPath;
  if (process.env.REELTASTE_DISABLE_NATIVE === '1') {
    cached = {
      kernel: null,
      status: { available: false, path, reason: 'disabled by REELTASTE_DISABLE_NATIVE=1' },
    };
  } else if (!existsSync(path)) {
    cached = {
      kernel: null,
      status: {
        available: false,
        path,
        reason: 'the addon was not built (no C++ compiler at install time?)',
      },
    };
  } else {
    try {
      const mod = createRequire(import.meta.url)(path) as NativeModule;
      if (!(mod.version >= NATIVE_VERSION))
        throw new Error(
          `it is an older build (version ${mod.version}, this code needs ${NATIVE_VERSION}): run npm run build:native`,
        );
      const kernel: Kernel = {
        name: 'native',
        run: (ex, s, step) => mod.run(ex, s, step),
        heldOutRmse: (s, ex) =>
          ex.ratings.length === 0 ? NaN : Math.sqrt(mod.heldOutSse(ex, s) / ex.ratings.length),
        endEpoch: (s, userCounts, itemCounts, ese, nTrain) => {
          const r = mod.endEpoch(s, userCounts, itemCounts, ese, nTrain);
          s.noiseVar = r.noiseVar;
          return r.kl;
        },
      };
      cached = {
        kernel,
        status: { available: true, path, hardwareThreads: mod.hardwareThreads, simd: mod.simd },
      };
    } catch (err) {
      cached = {
        kernel: null,
        status: { available: false, path, reason: `it failed to load: ${(err as Error).message}` },
      };
    }
  }
  return cached;
}
