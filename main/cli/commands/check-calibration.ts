// `reeltaste check-calibration`: trains on a seeded random split (or k folds) in the worker without
// touching the active model, and reports accuracy against baselines and interval coverage.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { CalibrationReport } from '../../model/types.ts';
import { runJob } from './job-runner.ts';
import { backendOption, intOption } from './train.ts';

type CliReport = Omit<CalibrationReport, 'sample'>;

export const checkCalibrationCommand: Command<CliReport> = {
  name: 'check-calibration',
  summary: 'Score the model on held-out ratings: RMSE/MAE vs baselines and 80%/95% interval coverage',
  usage: 'check-calibration [--holdout 0.1 | --folds 5] [--seed S]',
  options: {
    holdout: { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    dim: { type: 'string' },
    epochs: { type: 'string' },
    threads: { type: 'string' },
    backend: { type: 'string' },
  },
  async run(ctx, { values }) {
    if (values.holdout !== undefined && values.folds !== undefined)
      throw new AppError('INVALID_INPUT', 'Give either --holdout or --folds, not both.');
    let holdout: number | undefined;
    if (values.holdout !== undefined) {
      holdout = Number(values.holdout);
      if (!(holdout > 0 && holdout < 1))
        throw new AppError(
          'INVALID_INPUT',
          `--holdout must be a fraction between 0 and 1, e.g. 0.1 (got "${String(values.holdout)}").`,
        );
    }
    const folds = intOption(values, 'folds', 2, 20);
    const s = ctx.services();
    const report = await runJob(
      ctx,
      s.model.startCalibration({
        holdout,
        folds,
        seed: intOption(values, 'seed', -(2 ** 31), 2 ** 31 - 1),
        dim: intOption(values, 'dim', 1, 256),
        epochs: intOption(values, 'epochs', 1, 1000),
        threads: intOption(values, 'threads', 1, 64),
        backend: backendOption(values),
      }),
    );
    const { sample: _sample, ...rest } = report;
    return rest;
  },
  human(r) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    const split = r.folds > 1 ? `${r.folds}-fold cross-validation` : `${pct(r.holdout ?? 0)} held out`;
    return [
      `Calibration check (${split}, seed ${r.seed}, ${r.heldOut.toLocaleString('en-US')} held-out ratings, ${r.backend} backend${r.adapter ? ` on ${r.adapter.name}` : ''}, ${r.seconds.toFixed(1)} s)`,
      `  model        RMSE ${r.rmse.toFixed(4)}  MAE ${r.mae.toFixed(4)}`,
      `  bias only    RMSE ${r.biasOnlyRmse.toFixed(4)}  MAE ${r.biasOnlyMae.toFixed(4)}`,
      `  global mean  RMSE ${r.baselineRmse.toFixed(4)}  MAE ${r.baselineMae.toFixed(4)}`,
      `  coverage of the central 80% interval: ${pct(r.coverage80)}; of the 95% interval: ${pct(r.coverage95)}`,
      `  reliability: ${r.reliability.map((x) => `${Math.round(x.nominal * 100)}→${Math.round(x.observed * 100)}`).join(' ')}`,
    ].join('\n');
  },
};
