// The model domain's IPC handlers: model versions, training, the backend and calibration checks.
import type { Handlers } from '../ipc/dispatch.ts';
import type { AppContext } from '../services/context.ts';
import type { ModelService } from './service.ts';
import { latestCheck } from './store.ts';
import type { CalibrationReport } from './types.ts';

type ModelChannel = Extract<keyof Handlers, `model/${string}`>;

export function modelHandlers(app: AppContext, model: ModelService): Pick<Handlers, ModelChannel> {
  return {
    'model/list': () => model.list(),
    'model/train': (req) => ({ jobId: model.startTraining(req).id }),
    'model/activate': ({ id }) => model.activate(id),
    'model/backend': () => model.backendStatus(),
    'model/gpu': () => model.gpuStatus(),
    'model/checkCalibration': (req) => ({ jobId: model.startCalibration(req).id }),
    'model/latestCheck': () => latestCheck<CalibrationReport>(app.db),
  };
}
