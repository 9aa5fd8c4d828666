// Every invoke channel's handler, built over the services. The Handlers type makes a channel
// added to the contract without a handler a compile error.
import type { Handlers } from './dispatch.ts';
import type { Services } from '../services/index.ts';
import { nativeBackendStatus, startCalibration, startTraining } from '../model/service.ts';
import { activateModel, latestCheck, listModels } from '../model/store.ts';
import type { CalibrationReport } from '../model/types.ts';
import { acceptDatasetTerms, datasetsOverview, requestDownload, requestIngest } from '../datasets/service.ts';
import { profileHandlers } from '../profile/handlers.ts';

export function createHandlers(s: Services): Handlers {
  return {
    'app/status': () => s.status(),
    'settings/get': () => s.settings.get(),
    'settings/update': (patch) => s.settings.update(patch),
    'jobs/list': () => s.jobs.list(),
    'jobs/cancel': ({ id }) => ({ cancelled: s.jobs.cancel(id) }),
    'files/drop': ({ paths }) => s.files.drop(paths),
    'model/list': () => listModels(s.db),
    'model/train': (req) => ({ jobId: startTraining(s, req).id }),
    'model/activate': ({ id }) => {
      activateModel(s.db, id);
      s.statusChanged();
      return listModels(s.db);
    },
    'model/backend': () => nativeBackendStatus(s),
    'model/checkCalibration': (req) => ({ jobId: startCalibration(s, req).id }),
    'model/latestCheck': () => latestCheck<CalibrationReport>(s.db),
    'datasets/list': () => datasetsOverview(s),
    'datasets/ingest': (req) => requestIngest(s, req),
    'datasets/download': (req) => requestDownload(s, req),
    'datasets/acceptTerms': ({ source }) => acceptDatasetTerms(s, source),
    ...profileHandlers(s),
  };
}
