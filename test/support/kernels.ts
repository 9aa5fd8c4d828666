// Every training kernel the app can run here: each one must pass the same conformance test
// (test/unit/kernel-conformance.test.ts). A kernel that cannot run on this machine is listed with
// the reason it is skipped, so a missing backend is visible, never silent.
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { jsKernel } from '../../main/model/kernel-js.ts';
import { loadNativeKernel } from '../../main/model/native.ts';
import type { TrainOptions } from '../../main/model/options.ts';
import { openTrainer, Trainer } from '../../main/model/train.ts';
import type { EpochTrainer } from '../../main/model/trainer.ts';
import { gpuSkipReason, hasGpu } from './gpu.ts';

export interface KernelUnderTest {
  name: string;
  /** Opens an epoch-shaped trainer on this kernel (null: it cannot run here, see skip). */
  open: ((matrix: RatingsMatrix, options: Partial<TrainOptions>) => Promise<EpochTrainer>) | null;
  /** Why it cannot run here (open null). */
  skip?: string;
  threads: number;
}

export function kernelsUnderTest(): KernelUnderTest[] {
  const native = loadNativeKernel();
  return [
    { name: 'js', open: async (m, o) => new Trainer(m, o, jsKernel), threads: 1 },
    {
      name: 'native',
      open: native.kernel ? async (m, o) => new Trainer(m, o, native.kernel!) : null,
      threads: 2,
      ...(native.kernel ? {} : { skip: `native kernel unavailable: ${native.status.reason}` }),
    },
    {
      name: 'gpu (WebGPU under Node)',
      open: hasGpu ? (m, o) => openTrainer(m, { ...o, backend: 'gpu' }) : null,
      threads: 1,
      ...(hasGpu ? {} : { skip: gpuSkipReason }),
    },
  ];
}
