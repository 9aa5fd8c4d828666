// The conformance test every training kernel must pass (as implicit's recommender tests do for each
// model; the test itself is in test/support/conformance.ts): on a planted low-rank matrix, held-out
// entries are recovered close to the noise floor, far better than the bias-only baseline, and a
// user's planted favourite ranks first among the items they have not rated. Synthetic, so it runs
// everywhere; the GPU kernel (WebGPU under Node) is held to it too, and in Chromium by
// test/e2e/gpu-compute-window.e2e.test.ts.
import { describe, it } from 'vitest';
import { conformanceOptions, expectConformance, planted, RMSE_BOUND } from '../support/conformance.ts';
import { kernelsUnderTest } from '../support/kernels.ts';

describe('training kernel conformance (planted low-rank matrix)', () => {
  const data = planted(11);

  for (const k of kernelsUnderTest()) {
    it.skipIf(!k.open)(
      `${k.name}: recovers held-out entries within ${RMSE_BOUND} RMSE and ranks the planted favourite first${k.skip ? ` (${k.skip})` : ''}`,
      async () => {
        const trainer = await k.open!(data.matrix, conformanceOptions(k.threads));
        try {
          await expectConformance(data, trainer);
        } finally {
          trainer.close?.();
        }
      },
      // A software GPU (lavapipe) compiles the kernels for K = 8 on first use: seconds, more when busy.
      120_000,
    );
  }
});
