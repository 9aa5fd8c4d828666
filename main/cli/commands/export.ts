// `reeltaste export [--format json|csv] [--out DIR]`: everything you gave the app (ratings,
// comparisons, rating history, imports) written out as files. Reads only: works on a read-only
// data folder too.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';

interface ExportResult {
  files: { path: string; bytes: number }[];
}

export const exportCommand: Command<ExportResult> = {
  name: 'export',
  summary: 'Write your ratings, comparisons and import history to files (JSON or CSV)',
  usage: 'export [--format json|csv] [--out DIR]',
  options: {
    format: { type: 'string', default: 'json' },
    out: { type: 'string', default: '.' },
  },
  async run(ctx, { values }) {
    const format = values.format;
    if (format !== 'json' && format !== 'csv')
      throw new AppError('INVALID_INPUT', `--format must be json or csv (got "${String(format)}").`);
    const out = resolve(values.out as string);
    const files = ctx.services().profile.export(format);
    mkdirSync(out, { recursive: true });
    return {
      files: files.map((f) => {
        const path = join(out, f.name);
        writeFileSync(path, f.content);
        return { path, bytes: Buffer.byteLength(f.content) };
      }),
    };
  },
  human(r) {
    return r.files.map((f) => `Wrote ${f.path} (${f.bytes.toLocaleString('en-US')} bytes)`).join('\n');
  },
};
