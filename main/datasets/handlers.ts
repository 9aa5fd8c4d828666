// The datasets domain's IPC handlers: the Data pane's overview, imports, downloads and licence terms.
import type { Handlers } from '../ipc/dispatch.ts';
import type { DatasetsService } from './service.ts';

type DatasetsChannel = Extract<keyof Handlers, `datasets/${string}`>;

export function datasetsHandlers(datasets: DatasetsService): Pick<Handlers, DatasetsChannel> {
  return {
    'datasets/list': () => datasets.overview(),
    'datasets/ingest': ({ kind, paths }) => ({ jobId: datasets.startIngest(kind, paths).id }),
    'datasets/download': (req) => ({ jobId: datasets.startDownload(req).id }),
    'datasets/acceptTerms': ({ source }) => datasets.acceptTerms(source),
  };
}
