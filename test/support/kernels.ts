// Every training kernel the app can run here: each one must pass the same conformance test
// (test/unit/kernel-conformance.test.ts). A kernel that cannot run on this machine is listed with
// the reason it is skipped, so a missing backend is visible, never silent.
import { jsKernel } from '../../main/model/kernel-js.ts';
import type { Kernel } from '../../main/model/kernel.ts';
import { loadNativeKernel } from '../../main/model/native.ts';

export interface KernelUnderTest {
  name: string;
  kernel: Kernel | null;
  /** Why it cannot run here (kernel null). */
  skip?: string;
  threads: number;
}

export function kernelsUnderTest(): KernelUnderTest[] {
  const native = loadNativeKernel();
  return [
    { name: 'js', kernel: jsKernel, threads: 1 },
    {
      name: 'native',
      kernel: native.kernel,
      threads: 2,
      ...(native.kernel ? {} : { skip: `native kernel unavailable: ${native.status.reason}` }),
    },
  ];
}
