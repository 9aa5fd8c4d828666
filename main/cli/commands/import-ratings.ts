// `reeltaste import-ratings FILE`: imports an IMDb ratings export (any variant), merges it into the
// profile, and refits your taste vector when a trained model exists. --json prints the summary
// (rows, matched, unmatched, byType, ...).
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { readExportFile } from '../../profile/imdb-export/parse.ts';
import type { ImportOutcome } from '../../profile/types.ts';
import { runJob } from './job-runner.ts';

const list = (o: Record<string, number | undefined>) =>
  Object.entries(o)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

export const importRatings: Command<ImportOutcome> = {
  name: 'import-ratings',
  summary: 'Import your IMDb ratings export (.csv) and fit your taste from it',
  usage: 'import-ratings FILE',
  async run(ctx, { positionals }) {
    if (positionals.length !== 1)
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste import-ratings FILE (your IMDb ratings export, a .csv).',
      );
    const path = resolve(positionals[0]!);
    // Parse before opening anything: a bad file changes nothing.
    const parsed = readExportFile(path);
    return runJob(ctx, ctx.services().profile.startImport(path, parsed));
  },
  human(r) {
    const lines = [
      `Imported ${r.file} (${r.format} export): ${r.rows} rated titles`,
      `  matched to MovieLens: ${r.matched}${r.inModel !== null ? ` (${r.inModel} known to the model)` : ''}`,
      `  not in MovieLens, kept as known ratings: ${r.unmatched}${r.unmatched ? ` (${list(r.unmatchedByType)})` : ''}`,
      `  skipped: ${r.skipped}${r.skipped ? ` (${list(r.skippedByReason)})` : ''}`,
      `  by type: ${list(r.byType)}`,
      `  merge: ${r.added} new, ${r.changed} changed, ${r.unchanged} unchanged, ${r.keptInApp} in-app ratings kept`,
    ];
    if (r.fit)
      lines.push(
        `Taste fitted from ${r.fit.ratingsUsed} ratings and ${r.fit.comparisonsUsed} comparisons (your scale: ${r.fit.slope.toFixed(2)} × stars ${r.fit.offset >= 0 ? '+' : '−'} ${Math.abs(r.fit.offset).toFixed(2)}).`,
      );
    if (r.fitError) lines.push(`Not fitted: ${r.fitError}`);
    if (r.note)
      lines.push(
        r.note
          .replace('(Settings → Training, or reeltaste train)', '(reeltaste train)')
          .replace('(Settings → Data)', '(reeltaste ingest movielens PATH)'),
      );
    return lines.join('\n');
  },
};
