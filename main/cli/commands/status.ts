// `reeltaste status`: what datasets, model and profile exist in the data folder.
import type { Command } from '../command.ts';
import type { AppStatus } from '../../status/types.ts';

const next: Record<AppStatus['nextStep'], string> = {
  'import-datasets': 'Next: import MovieLens (reeltaste ingest movielens PATH, or download movielens).',
  'train-model': 'Next: train the model (reeltaste train).',
  'import-ratings': 'Next: import your IMDb ratings (reeltaste import-ratings FILE).',
  ready: 'Ready: your taste profile is fitted (reeltaste update refits it).',
};

export const status: Command<AppStatus> = {
  name: 'status',
  summary: 'Show which datasets, model and profile exist',
  usage: 'status',
  async run(ctx) {
    return ctx.services().status();
  },
  human(s) {
    const lines = [`Reeltaste ${s.version}`, `Data folder: ${s.dataDir} (schema ${s.schemaVersion})`];
    if (s.readOnly) lines.push(`Read-only: ${s.readOnly}; showing what it holds, changing nothing.`);
    if (s.busy) lines.push(`${s.busy[0]!.toUpperCase()}${s.busy.slice(1)}.`);
    if (s.datasets.length === 0) lines.push('Datasets: none');
    for (const d of s.datasets) {
      const counts = Object.entries(d.counts)
        .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
        .join(', ');
      lines.push(
        `Dataset ${d.kind}${d.version ? ` (${d.version})` : ''}: ${counts}; imported ${d.importedAt}`,
      );
    }
    lines.push(
      s.model
        ? `Model: #${s.model.id}, K=${s.model.dim}, RMSE ${s.model.rmse?.toFixed(3) ?? 'n/a'}`
        : 'Model: none',
    );
    lines.push(
      s.profile
        ? `Profile: ${s.profile.ratings} ratings, ${s.profile.comparisons} comparisons`
        : 'Profile: none',
    );
    lines.push(next[s.nextStep]);
    return lines.join('\n');
  },
};
