// `reeltaste train`: trains the taste model in the compute worker (the same job the app runs),
// prints one line per epoch, and saves it as the new active model version.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { BACKENDS } from '../../settings/types.ts';
import type { Backend, TrainOutcome } from '../../model/types.ts';
import { runJob } from './job-runner.ts';

export function intOption(
  values: Record<string, unknown>,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new AppError(
      'INVALID_INPUT',
      `--${name} must be an integer from ${min} to ${max} (got "${String(raw)}").`,
    );
  return n;
}

export function backendOption(values: Record<string, unknown>): Backend | undefined {
  const raw = values.backend;
  if (raw === undefined) return undefined;
  if (!BACKENDS.includes(raw as Backend))
    throw new AppError(
      'INVALID_INPUT',
      `--backend must be ${BACKENDS.slice(0, -1).join(', ')} or ${BACKENDS.at(-1)} (got "${String(raw)}").`,
    );
  return raw as Backend;
}

const fmt = (x: number | null | undefined, d = 4): string =>
  x === null || x === undefined ? 'n/a' : x.toFixed(d);

function backendLine(r: TrainOutcome): string {
  if (r.backend === 'gpu')
    return `gpu backend on ${r.adapter?.name ?? 'an unnamed adapter'} (${r.threads} parallel workers)`;
  return `${r.backend} backend (${r.threads} thread${r.threads > 1 ? 's' : ''})`;
}

export const train: Command<TrainOutcome> = {
  name: 'train',
  summary: 'Train the taste model on the imported MovieLens ratings and make it the active model',
  usage:
    'train [--dim 20] [--epochs N] [--seed S] [--threads N] [--backend auto|native|js|gpu] [--patience 2]',
  options: {
    dim: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    threads: { type: 'string' },
    backend: { type: 'string' },
    patience: { type: 'string' },
  },
  async run(ctx, { values }) {
    const req = {
      dim: intOption(values, 'dim', 1, 256),
      epochs: intOption(values, 'epochs', 1, 1000),
      seed: intOption(values, 'seed', -(2 ** 31), 2 ** 31 - 1),
      threads: intOption(values, 'threads', 1, 64),
      backend: backendOption(values),
      patience: intOption(values, 'patience', 0, 1000),
    };
    const s = ctx.services();
    const job = s.model.startTraining(req);
    const detach = s.events.on('model/epoch', (m) => {
      if (m.jobId !== job.id) return;
      ctx.say(
        `epoch ${String(m.epoch).padStart(3)}  loss ${fmt(m.loss)}  train RMSE ${fmt(m.trainRmse)}  validation RMSE ${fmt(m.valRmse)}  ${m.seconds.toFixed(2)} s`,
      );
    });
    try {
      return await runJob(ctx, job);
    } finally {
      detach();
    }
  },
  human(r) {
    return (
      `Model #${r.modelId} trained on ${r.ratings.toLocaleString('en-US')} ratings (${r.users.toLocaleString('en-US')} users, ` +
      `${r.items.toLocaleString('en-US')} items) in ${r.seconds.toFixed(1)} s with the ${backendLine(r)}; ` +
      `validation RMSE ${fmt(r.valRmse)}. It is now the active model.\nBackend: ${r.backendReason}.`
    );
  },
};
