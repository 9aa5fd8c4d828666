// `reeltaste ingest movielens PATH` / `reeltaste ingest imdb PATH...`: imports datasets as a job
// (the same code the app runs), with a progress line, Ctrl+C to cancel, and the stored counts.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { IngestResult } from '../../datasets/types.ts';
import { runJob } from './job-runner.ts';

export const ingest: Command<IngestResult> = {
  name: 'ingest',
  summary: 'Import MovieLens (folder or .zip) or IMDb dataset files (.tsv/.tsv.gz, or a folder of them)',
  usage: 'ingest movielens PATH | ingest imdb PATH...',
  async run(ctx, { positionals }) {
    const [source, ...paths] = positionals;
    if (source !== 'movielens' && source !== 'imdb') {
      throw new AppError(
        'INVALID_INPUT',
        'Say what to import: reeltaste ingest movielens PATH, or reeltaste ingest imdb PATH...',
      );
    }
    if (paths.length === 0 || (source === 'movielens' && paths.length > 1)) {
      throw new AppError(
        'INVALID_INPUT',
        source === 'movielens'
          ? 'Give one MovieLens folder or .zip.'
          : 'Give the IMDb files or a folder holding them.',
      );
    }
    return runJob(ctx, ctx.services().datasets.startIngest(source, paths));
  },
  human(r) {
    const parts = Object.entries(r)
      .filter(([k]) => k !== 'seconds')
      .map(([k, v]) => `${(v as number).toLocaleString('en-US')} ${k}`);
    return `Imported ${parts.join(', ')} in ${r.seconds.toFixed(1)} s.`;
  },
};
