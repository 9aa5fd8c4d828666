// The datasets domain as the IPC handlers see it: an overview for the Data pane, and starting
// imports and downloads as jobs.
import { join } from 'node:path';
import type { Services } from '../services/index.ts';
import { readDatasets } from '../status/service.ts';
import { MOVIELENS_VARIANTS, startDownload } from './download.ts';
import { startIngest } from './install.ts';
import { acceptTerms, termsAccepted } from './prefs.ts';
import { TERMS } from './terms.ts';
import type { DatasetSource, DatasetsOverview, DownloadRequestInput, IngestRequest } from './types.ts';

export function datasetsOverview(s: Services): DatasetsOverview {
  const accepted = termsAccepted(s.db);
  const terms = {} as DatasetsOverview['terms'];
  for (const source of Object.keys(TERMS) as DatasetSource[])
    terms[source] = { ...TERMS[source], acceptedAt: accepted[source] ?? null };
  return {
    datasets: readDatasets(s.db),
    terms,
    movielensVariants: [...MOVIELENS_VARIANTS],
    downloadsDir: join(s.dataDir, 'downloads'),
  };
}

export function requestIngest(s: Services, req: IngestRequest): { jobId: string } {
  return { jobId: startIngest(s, req.kind, req.paths).id };
}

export function requestDownload(s: Services, req: DownloadRequestInput): { jobId: string } {
  return { jobId: startDownload(s, req).id };
}

export function acceptDatasetTerms(s: Services, source: DatasetSource): DatasetsOverview {
  acceptTerms(s.db, source);
  return datasetsOverview(s);
}
