// The datasets domain's operations: imports and downloads as jobs (one MovieLens import per folder
// or zip at a time, so the three CSVs of one drop start one job), and the Data pane's overview.
import { basename, join } from 'node:path';
import type { AppContext } from '../services/context.ts';
import { readDatasets } from '../catalogue/datasets.ts';
import { datasetsChanged, MOVIELENS_VARIANTS, startDownload } from './download.ts';

export { MOVIELENS_VARIANTS, type MovieLensVariant } from './download.ts';
import { ingestImdb } from './imdb.ts';
import { ingestMovieLens } from './movielens.ts';
import { acceptTerms, termsAccepted } from './store.ts';
import { TERMS } from './terms.ts';
import type { DatasetSource, DatasetsOverview, DownloadRequestInput, IngestResult } from './types.ts';

export class DatasetsService {
  private readonly app: AppContext;
  /** Running MovieLens imports by folder/zip path. */
  private readonly runningMovieLens = new Map<string, string>();

  constructor(app: AppContext) {
    this.app = app;
  }

  overview(): DatasetsOverview {
    const accepted = termsAccepted(this.app.db);
    const terms = {} as DatasetsOverview['terms'];
    for (const source of Object.keys(TERMS) as DatasetSource[])
      terms[source] = { ...TERMS[source], acceptedAt: accepted[source] ?? null };
    return {
      datasets: readDatasets(this.app.db),
      terms,
      movielensVariants: [...MOVIELENS_VARIANTS],
      downloadsDir: join(this.app.dataDir, 'downloads'),
    };
  }

  /** Starts an import as a job; the job's result is the IngestResult. */
  startIngest(kind: DatasetSource, paths: string[]): { id: string; done: Promise<IngestResult> } {
    const { app } = this;
    const title =
      kind === 'movielens'
        ? `Importing MovieLens (${basename(paths[0]!)})`
        : `Importing IMDb (${paths.map((p) => basename(p)).join(', ')})`;
    return app.jobs.start(`datasets/${kind}`, title, async (ctx) => {
      const opts = { signal: ctx.signal, onProgress: ctx.progress };
      const result =
        kind === 'movielens'
          ? await ingestMovieLens(app, paths[0]!, opts)
          : await ingestImdb(app, paths, opts);
      datasetsChanged(app);
      return result;
    });
  }

  /** A MovieLens import of this folder or zip: the running one if there is one. Returns the job id. */
  startMovieLens(path: string): string {
    const existing = this.runningMovieLens.get(path);
    if (existing && this.app.jobs.get(existing)?.state === 'running') return existing;
    const { id, done } = this.startIngest('movielens', [path]);
    this.runningMovieLens.set(path, id);
    void done.catch(() => {}).finally(() => this.runningMovieLens.delete(path));
    return id;
  }

  startDownload(req: DownloadRequestInput): ReturnType<typeof startDownload> {
    return startDownload(this.app, req);
  }

  acceptTerms(source: DatasetSource): DatasetsOverview {
    acceptTerms(this.app.db, source);
    return this.overview();
  }
}

// What other domains use of this one besides DatasetsService (the face: domains import only a
// domain's service.ts, types.ts, install.ts, handlers.ts and predictor.ts; the lint enforces it).
export { readRatingsMatrix } from './worker-reads.ts';
export { abandonImport, runImport } from './exclusive.ts';
export { acceptTerms, STAGING_PREFIX, stageDerived, swap } from './store.ts';
export { assertTermsAccepted, startDownload } from './download.ts';
