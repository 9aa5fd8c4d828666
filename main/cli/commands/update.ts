// `reeltaste update`: refits your taste vector from scratch (all ratings and comparisons) in the
// compute worker and stores it; the app otherwise updates it incrementally after each answer.
import type { Command } from '../command.ts';
import type { FitSummary } from '../../profile/types.ts';
import { runJob } from './job-runner.ts';

export const update: Command<FitSummary> = {
  name: 'update',
  summary: 'Refit your taste vector from all your ratings and comparisons',
  usage: 'update',
  async run(ctx) {
    return runJob(ctx, ctx.services().profile.startFit());
  },
  human(f) {
    return [
      `Taste fitted from ${f.ratingsUsed} ratings and ${f.comparisonsUsed} comparisons against model #${f.modelId}${f.seconds !== undefined ? ` in ${f.seconds.toFixed(2)} s` : ''}.`,
      `Your scale: rating ≈ ${f.slope.toFixed(2)} × stars ${f.offset >= 0 ? '+' : '−'} ${Math.abs(f.offset).toFixed(2)}.`,
    ].join('\n');
  },
};
