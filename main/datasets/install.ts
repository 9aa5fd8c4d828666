// Plugs the datasets domain into the services: cleanup of staging a killed import left behind, and
// file routes for drops (MovieLens zip/folder/CSVs, IMDb TSVs) that start import jobs.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { AppContext } from '../services/context.ts';
import { identifyFile } from '../files/identify.ts';
import type { FileKind } from '../files/types.ts';
import { AppError } from '../errors.ts';
import { readDatasets } from '../catalogue/datasets.ts';
import { DatasetsService } from './service.ts';
import { dropStaleStaging } from './store.ts';

/** A dropped folder may be a MovieLens dataset or a folder of IMDb files. */
async function routeFolder(datasets: DatasetsService, path: string): Promise<string> {
  const names = await readdir(path);
  if (!names.includes('ratings.csv') && names.some((n) => /^(title|name)\.\w+\.tsv(\.gz)?$/.test(n))) {
    return datasets.startIngest('imdb', [path]).id;
  }
  return datasets.startMovieLens(path);
}

/** A lone MovieLens CSV can only be imported with its siblings: import its folder if they are there. */
async function routeCsv(datasets: DatasetsService, path: string): Promise<string> {
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
  return datasets.startMovieLens(dir);
}

export function installDatasets(app: AppContext): DatasetsService {
  const datasets = new DatasetsService(app);
  app.statusParts.datasets = readDatasets;
  // Staging a killed import left behind, unless an import (maybe another process's) is running now.
  // Best effort: on a disk too full for it, the app still opens and the next start tries again.
  if (!app.readOnly) {
    try {
      app.writer.tryRun('a clean-up', () => dropStaleStaging(app.db, app.dataDir));
    } catch {
      // nothing lost: the staging tables are only space, and the next import drops them first
    }
  }
  app.files.register(['movielens-zip'], async (paths) => {
    const ids = paths.map((p) => datasets.startMovieLens(p));
    return { jobId: ids[0] };
  });
  app.files.register(['movielens-folder'], async (paths) => {
    const ids = [];
    for (const p of paths) ids.push(await routeFolder(datasets, p));
    return { jobId: ids[0] };
  });
  app.files.register(
    ['movielens-ratings-csv', 'movielens-movies-csv', 'movielens-links-csv', 'movielens-tags-csv'],
    async (paths) => {
      const ids = [];
      for (const p of paths) ids.push(await routeCsv(datasets, p));
      return { jobId: ids[0] };
    },
  );
  app.files.register(['imdb-tsv'], async (paths) => ({ jobId: datasets.startIngest('imdb', paths).id }));
  return datasets;
}
