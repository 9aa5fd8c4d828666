// Downloads MovieLens (GroupLens zips, MD5-checked) and the IMDb files into <dataDir>/downloads,
// then imports them. Base URLs come from the environment, then settings, then the publishers, so
// tests serve fixtures from 127.0.0.1. The licence terms must have been accepted first.
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppContext } from '../services/context.ts';
import { readDatasets } from '../catalogue/datasets.ts';
import { AppError } from '../errors.ts';
import type { JobProgress } from '../jobs/types.ts';
import { downloadFile, fetchText, fileMd5 } from './http-download.ts';
import { ingestImdb } from './imdb.ts';
import { IMDB_FILE_NAMES } from './imdb-files.ts';
import { ingestMovieLens } from './movielens.ts';
import { baseUrlSetting, termsAccepted } from './store.ts';
import { TERMS } from './terms.ts';
import type { DatasetSource, DownloadResult } from './types.ts';

export const MOVIELENS_VARIANTS = ['ml-latest-small', 'ml-25m', 'ml-32m'] as const;
export type MovieLensVariant = (typeof MOVIELENS_VARIANTS)[number];

export const DEFAULT_BASE_URLS: Record<DatasetSource, string> = {
  movielens: 'https://files.grouplens.org/datasets/movielens/',
  imdb: 'https://datasets.imdbws.com/',
};
const ENV: Record<DatasetSource, string> = {
  movielens: 'REELTASTE_MOVIELENS_BASE_URL',
  imdb: 'REELTASTE_IMDB_BASE_URL',
};

export function baseUrl(app: AppContext, source: DatasetSource): string {
  const url = process.env[ENV[source]] || baseUrlSetting(app.db, source) || DEFAULT_BASE_URLS[source];
  return url.endsWith('/') ? url : `${url}/`;
}

export interface DownloadRequest {
  source: DatasetSource;
  variant?: MovieLensVariant;
  /** IMDb: also title.principals and name.basics (directors and cast; ~1 GB more). */
  people?: boolean;
}

export function assertTermsAccepted(app: AppContext, source: DatasetSource): void {
  if (termsAccepted(app.db)[source]) return;
  const t = TERMS[source];
  throw new AppError(
    'TERMS_NOT_ACCEPTED',
    `Accept the ${t.title} terms before the first download: ${t.text} Full terms: ${t.url}`,
  );
}

export async function downloadDataset(
  app: AppContext,
  req: DownloadRequest,
  opts: { signal?: AbortSignal; onProgress?: (p: JobProgress) => void } = {},
): Promise<DownloadResult> {
  assertTermsAccepted(app, req.source);
  const started = performance.now();
  const base = baseUrl(app, req.source);
  const dir = join(app.dataDir, 'downloads', req.source);
  await mkdir(dir, { recursive: true });
  const names =
    req.source === 'movielens'
      ? [`${req.variant ?? 'ml-latest-small'}.zip`]
      : [
          IMDB_FILE_NAMES.basics,
          IMDB_FILE_NAMES.ratings,
          ...(req.people ? [IMDB_FILE_NAMES.principals, IMDB_FILE_NAMES.crew, IMDB_FILE_NAMES.names] : []),
        ];
  if (
    req.source === 'movielens' &&
    !MOVIELENS_VARIANTS.includes((req.variant ?? 'ml-latest-small') as MovieLensVariant)
  ) {
    throw new AppError(
      'INVALID_INPUT',
      `Unknown MovieLens variant ${req.variant}; choose one of ${MOVIELENS_VARIANTS.join(', ')}.`,
    );
  }
  // Downloading is most of the time; importing gets the last 30% of the bar.
  const DOWNLOAD_SHARE = 0.7;
  const files: DownloadResult['files'] = [];
  for (const [i, name] of names.entries()) {
    const url = base + name;
    const dest = join(dir, name);
    // GroupLens publishes <name>.md5 beside each zip; IMDb publishes no checksums.
    const listing = req.source === 'movielens' ? await fetchText(`${url}.md5`, opts.signal) : undefined;
    const md5 = listing?.match(/\b[0-9a-f]{32}\b/i)?.[0]?.toLowerCase();
    const existing = await stat(dest).catch(() => null);
    if (existing && md5 && (await fileMd5(dest)) === md5) {
      files.push({ path: dest, bytes: existing.size, md5, checked: true, resumed: 0 });
      continue;
    }
    const got = await downloadFile(url, dest, {
      signal: opts.signal,
      md5,
      onProgress: (done, total) =>
        opts.onProgress?.({
          fraction: total ? (DOWNLOAD_SHARE * (i + done / total)) / names.length : undefined,
          done,
          total,
          unit: 'bytes',
          message: `Downloading ${name}`,
        }),
    });
    files.push({
      path: got.path,
      bytes: got.bytes,
      md5: got.md5,
      checked: md5 !== undefined,
      resumed: got.resumed,
    });
  }
  const onProgress = (p: JobProgress) =>
    opts.onProgress?.({
      ...p,
      fraction: p.fraction === undefined ? undefined : DOWNLOAD_SHARE + (1 - DOWNLOAD_SHARE) * p.fraction,
    });
  const paths = files.map((f) => f.path);
  const counts =
    req.source === 'movielens'
      ? await ingestMovieLens(app, paths[0]!, { signal: opts.signal, onProgress })
      : await ingestImdb(app, paths, { signal: opts.signal, onProgress });
  return { ...counts, files, seconds: Math.round(performance.now() - started) / 1000 };
}

export function startDownload(
  app: AppContext,
  req: DownloadRequest,
): { id: string; done: Promise<DownloadResult> } {
  assertTermsAccepted(app, req.source);
  const title =
    req.source === 'movielens'
      ? `Downloading MovieLens ${req.variant ?? 'ml-latest-small'}`
      : 'Downloading IMDb datasets';
  return app.jobs.start(`datasets/download-${req.source}`, title, async (ctx) => {
    const result = await downloadDataset(app, req, { signal: ctx.signal, onProgress: ctx.progress });
    datasetsChanged(app);
    return result;
  });
}

/** Tells the UI what is stored now, after an import or a download (its stores patch from it). */
export function datasetsChanged(app: AppContext): void {
  app.events.emit('datasets/changed', { datasets: readDatasets(app.db) });
}
