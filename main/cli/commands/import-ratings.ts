// `reeltaste import-ratings FILE [--resolve ROW=TCONST ...]`: imports an IMDb ratings export (any
// variant) or a Letterboxd export (.zip, ratings.csv or diary.csv: matched by title and year, see
// profile/letterboxd, through search), merges it into the profile, and refits your taste vector when a trained model
// exists. --json prints the summary (rows, matched, unmatched, byType, ...; for Letterboxd also
// `letterboxd` and the `unresolved` rows with their candidates, which --resolve settles).
import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { identifyFile } from '../../files/identify.ts';
import { readExportFile } from '../../profile/imdb-export/parse.ts';
import type { ImportOutcome } from '../../profile/types.ts';
import { readLetterboxdFile } from '../../profile/letterboxd/parse.ts';
import type { LetterboxdOutcome } from '../../profile/letterboxd/types.ts';
import { runJob } from './job-runner.ts';
import { TCONST_PART } from '../../catalogue/ids.ts';

const list = (o: Record<string, number | undefined>) =>
  Object.entries(o)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');

/** --resolve ROW=TCONST, repeatable: the title for a Letterboxd row the import could not match. */
function resolutions(values: string[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const v of values) {
    const m = new RegExp(`^(\\d+)=(${TCONST_PART})$`).exec(v.trim());
    if (!m)
      throw new AppError(
        'INVALID_INPUT',
        `--resolve ${v}: expected ROW=TCONST, e.g. --resolve 12=tt0133093.`,
      );
    out.set(Number(m[1]), m[2]!);
  }
  return out;
}

export const importRatings: Command<ImportOutcome | LetterboxdOutcome> = {
  name: 'import-ratings',
  summary: 'Import your IMDb ratings export or Letterboxd export and fit your taste from it',
  usage: 'import-ratings FILE [--resolve ROW=TCONST ...]',
  options: { resolve: { type: 'string', multiple: true } },
  async run(ctx, { positionals, values }) {
    if (positionals.length !== 1)
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste import-ratings FILE (your IMDb ratings export .csv, or your Letterboxd export .zip / ratings.csv).',
      );
    const path = resolve(positionals[0]!);
    const picks = resolutions((values.resolve as string[] | undefined) ?? []);
    const kind = await identifyFile(path).catch(() => 'unknown');
    // Parse before opening anything: a bad file changes nothing.
    if (kind === 'letterboxd-csv' || kind === 'letterboxd-zip') {
      const parsed = await readLetterboxdFile(path);
      return runJob(ctx, ctx.services().letterboxd.start(path, parsed, picks));
    }
    if (picks.size)
      throw new AppError(
        'INVALID_INPUT',
        '--resolve is for Letterboxd exports: an IMDb export names every title by its id.',
      );
    const parsed = readExportFile(path);
    return runJob(ctx, ctx.services().profile.startImport(path, parsed));
  },
  human(r) {
    const lb = 'letterboxd' in r ? r : null;
    const lines = [
      lb
        ? `Imported ${r.file} (Letterboxd ${lb.letterboxd.source}): ${lb.letterboxd.rows} rated films, ${lb.letterboxd.automatic} matched by title and year (${list(lb.letterboxd.byHow)}), ${lb.letterboxd.resolved} resolved by you, ${lb.unresolved.length} left to resolve`
        : `Imported ${r.file} (${r.format} export): ${r.rows} rated titles`,
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
    if (lb?.unresolved.length) {
      lines.push('Rows to resolve (add --resolve ROW=TCONST for each, then import again):');
      for (const u of lb.unresolved)
        lines.push(
          `  row ${u.row}: ${u.name} (${u.year ?? '?'}), ${u.status}${u.candidates.length ? `: ${u.candidates.map((c) => `${c.tconst} ${c.title} (${c.year ?? '?'}, ${c.type})`).join('; ')}` : ''}`,
        );
    }
    if (r.note)
      lines.push(
        r.note
          .replace('(Settings → Training, or reeltaste train)', '(reeltaste train)')
          .replace('(Settings → Data)', '(reeltaste ingest movielens PATH)'),
      );
    return lines.join('\n');
  },
};
