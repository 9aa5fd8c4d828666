// Plugs the datasets domain into the services: file routes for drops (MovieLens zip/folder/CSVs,
// IMDb TSVs), import jobs with progress, and cleanup of staging tables a crash left behind.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { DomainInstaller } from '../services/domains.ts';
import type { Services } from '../services/index.ts';
import { identifyFile } from '../files/identify.ts';
import type { FileKind } from '../files/types.ts';
import { AppError } from '../ipc/errors.ts';
import { ingestImdb } from './imdb.ts';
import { ingestMovieLens } from './movielens.ts';
import { dropStaging } from './staging.ts';
import type { DatasetSource, IngestResult } from './types.ts';

/** Starts an import as a job; the job's result is the IngestResult. */
export function startIngest(
  s: Services,
  kind: DatasetSource,
  paths: string[],
): { id: string; done: Promise<IngestResult> } {
  const title =
    kind === 'movielens'
      ? `Importing MovieLens (${basename(paths[0]!)})`
      : `Importing IMDb (${paths.map((p) => basename(p)).join(', ')})`;
  const job = s.jobs.start(`datasets/${kind}`, title, async (ctx) => {
    const opts = { signal: ctx.signal, onProgress: ctx.progress };
    const result =
      kind === 'movielens' ? await ingestMovieLens(s, paths[0]!, opts) : await ingestImdb(s, paths, opts);
    s.statusChanged();
    return result;
  });
  return job;
}

/** Running MovieLens imports by folder/zip path, so the three CSVs of one drop start one job. */
const running = new Map<string, string>();

function startMovieLens(s: Services, path: string): string {
  const existing = running.get(path);
  if (existing && s.jobs.get(existing)?.state === 'running') return existing;
  const { id, done } = startIngest(s, 'movielens', [path]);
  running.set(path, id);
  void done.catch(() => {}).finally(() => running.delete(path));
  return id;
}

/** A dropped folder may be a MovieLens dataset or a folder of IMDb files. */
async function routeFolder(s: Services, path: string): Promise<string> {
  const names = await readdir(path);
  if (!names.includes('ratings.csv') && names.some((n) => /^(title|name)\.\w+\.tsv(\.gz)?$/.test(n))) {
    return startIngest(s, 'imdb', [path]).id;
  }
  return startMovieLens(s, path);
}

/** A lone MovieLens CSV can only be imported with its siblings: import its folder if they are there. */
async function routeCsv(s: Services, path: string): Promise<string> {
  const dir = dirname(path);
  const needed: [string, FileKind][] = [
    ['ratings.csv', 'movielens-ratings-csv'],
    ['movies.csv', 'movielens-movies-csv'],
    ['links.csv', 'movielens-links-csv'],
  ];
  const found = new Set<string>();
  for (const [name, kind] of needed) {
    const p = join(dir, name);
    if (existsSync(p) && (await identifyFile(p).catch(() => 'unknown')) === kind) found.add(name);
  }
  if (found.size < 3) {
    throw new AppError(
      'BAD_FILE',
      `${basename(path)} cannot be imported on its own: MovieLens needs ratings.csv, movies.csv and links.csv together. ` +
        'Drop the whole folder or the .zip you downloaded instead.',
    );
  }
  return startMovieLens(s, dir);
}

export const installDatasets: DomainInstaller = (s) => {
  dropStaging(s.db);
  s.files.register(['movielens-zip'], async (paths) => {
    const ids = paths.map((p) => startMovieLens(s, p));
    return { jobId: ids[0] };
  });
  s.files.register(['movielens-folder'], async (paths) => {
    const ids = [];
    for (const p of paths) ids.push(await routeFolder(s, p));
    return { jobId: ids[0] };
  });
  s.files.register(
    ['movielens-ratings-csv', 'movielens-movies-csv', 'movielens-links-csv', 'movielens-tags-csv'],
    async (paths) => {
      const ids = [];
      for (const p of paths) ids.push(await routeCsv(s, p));
      return { jobId: ids[0] };
    },
  );
  s.files.register(['imdb-tsv'], async (paths) => ({ jobId: startIngest(s, 'imdb', paths).id }));
};
