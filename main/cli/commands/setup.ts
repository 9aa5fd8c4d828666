// `reeltaste setup [--variant ml-latest-small|ml-25m|ml-32m] [--accept-terms] [--imdb]`: the app's
// first-run sequence in one command: download and import MovieLens (and IMDb with --imdb), then
// train. The same job as the app's guide, so an interrupted setup resumes where it stopped.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { MOVIELENS_VARIANTS, type MovieLensVariant } from '../../datasets/service.ts';
import type { DatasetSource } from '../../datasets/types.ts';
import type { SetupPhase, SetupResult } from '../../setup/types.ts';
import { runJob } from './job-runner.ts';

const NAMES: Record<SetupPhase, string> = {
  'download-movielens': 'MovieLens',
  'download-imdb': 'IMDb',
  train: 'Training',
};

export const setup: Command<SetupResult> = {
  name: 'setup',
  summary: 'First run in one command: download and import MovieLens (and IMDb with --imdb), then train',
  usage: 'setup [--variant ml-latest-small|ml-25m|ml-32m] [--accept-terms] [--imdb]',
  options: {
    variant: { type: 'string', default: 'ml-latest-small' },
    'accept-terms': { type: 'boolean', default: false },
    imdb: { type: 'boolean', default: false },
  },
  async run(ctx, { values }) {
    const variant = values.variant as string;
    if (!MOVIELENS_VARIANTS.includes(variant as MovieLensVariant))
      throw new AppError(
        'INVALID_INPUT',
        `--variant must be one of ${MOVIELENS_VARIANTS.join(', ')} (got ${variant}).`,
      );
    const imdb = values.imdb === true;
    const s = ctx.services();
    const sources: DatasetSource[] = imdb ? ['movielens', 'imdb'] : ['movielens'];
    const { terms } = s.datasets.overview();
    const missing = sources.filter((src) => !terms[src].acceptedAt);
    for (const src of missing) {
      const t = terms[src];
      ctx.say(`${t.title}: terms of use\n\n${t.text}\n\nFull terms: ${t.url}\n`);
    }
    if (missing.length && !values['accept-terms'])
      throw new AppError(
        'TERMS_NOT_ACCEPTED',
        `Accept the ${missing.map((src) => terms[src].title).join(' and ')} terms first: run again with --accept-terms.`,
      );
    return runJob(
      ctx,
      s.setup.start({
        variant: variant as MovieLensVariant,
        imdb,
        acceptTerms: values['accept-terms'] === true,
      }),
    );
  },
  human(r) {
    const lines = r.steps.map((step) => {
      const name = NAMES[step.phase].padEnd(10);
      if (step.skipped) return `  ${name} already done`;
      if (step.phase === 'train' && step.result) {
        const t = step.result;
        return `  ${name} model #${t.modelId}, ${t.epochs} epochs, validation RMSE ${t.valRmse?.toFixed(4) ?? 'n/a'} (${step.seconds.toFixed(1)} s)`;
      }
      const counts = Object.entries(step.result ?? {})
        .filter(([k, v]) => typeof v === 'number' && k !== 'seconds')
        .map(([k, v]) => `${(v as number).toLocaleString('en-US')} ${k}`)
        .join(', ');
      return `  ${name} ${counts} (${step.seconds.toFixed(1)} s)`;
    });
    return [
      `Set up with ${r.variant}${r.imdb ? ' and IMDb' : ''} in ${r.seconds.toFixed(1)} s:`,
      ...lines,
      `Model #${r.modelId} is active. Next: import your IMDb ratings (reeltaste import-ratings FILE), or open the app to rate a few films.`,
    ].join('\n');
  },
};
