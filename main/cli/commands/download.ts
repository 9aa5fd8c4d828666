// `reeltaste download movielens --variant ml-latest-small|ml-25m|ml-32m` / `reeltaste download imdb`:
// fetches from the publisher (resume, retry, MD5 where published), then imports. The first time,
// the licence terms are printed and must be accepted with --accept-terms (remembered in settings).
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { MOVIELENS_VARIANTS, type MovieLensVariant } from '../../datasets/service.ts';
import type { DownloadResult } from '../../datasets/types.ts';
import { runJob } from './job-runner.ts';
import { ingest } from './ingest.ts';

export const download: Command<DownloadResult> = {
  name: 'download',
  summary: 'Download and import MovieLens or the IMDb datasets (shows the licence terms first)',
  usage: 'download movielens [--variant ml-latest-small|ml-25m|ml-32m] | download imdb [--people]',
  options: {
    variant: { type: 'string', default: 'ml-latest-small' },
    people: { type: 'boolean', default: false },
    'accept-terms': { type: 'boolean', default: false },
  },
  async run(ctx, { values, positionals }) {
    const source = positionals[0];
    if (source !== 'movielens' && source !== 'imdb') {
      throw new AppError(
        'INVALID_INPUT',
        'Say what to download: reeltaste download movielens [--variant ...], or reeltaste download imdb.',
      );
    }
    const variant = values.variant as string;
    if (source === 'movielens' && !MOVIELENS_VARIANTS.includes(variant as MovieLensVariant)) {
      throw new AppError(
        'INVALID_INPUT',
        `--variant must be one of ${MOVIELENS_VARIANTS.join(', ')} (got ${variant}).`,
      );
    }
    const s = ctx.services();
    const t = s.datasets.overview().terms[source];
    if (!t.acceptedAt) {
      ctx.say(`${t.title}: terms of use\n\n${t.text}\n\nFull terms: ${t.url}\n`);
      if (!values['accept-terms']) {
        throw new AppError(
          'TERMS_NOT_ACCEPTED',
          `Accept the ${t.title} terms first: run again with --accept-terms. (${t.text} Full terms: ${t.url})`,
        );
      }
      s.datasets.acceptTerms(source);
    }
    return runJob(
      ctx,
      s.datasets.startDownload({
        source,
        variant: variant as MovieLensVariant,
        people: values.people === true,
      }),
    );
  },
  human(r) {
    const files = r.files.map(
      (f) =>
        `${f.path} (${(f.bytes / 1e6).toFixed(1)} MB${f.checked ? ', MD5 checked' : ''}${f.resumed ? ', resumed' : ''})`,
    );
    const { files: _files, ...counts } = r;
    return [`Downloaded ${files.join(', ')}`, ingest.human!(counts)].join('\n');
  },
};
