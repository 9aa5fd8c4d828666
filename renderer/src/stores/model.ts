// The model domain in the UI: trained versions, the backend the worker can use, the live per-epoch
// metrics of the current training run, and the latest calibration report. Loads by invoke, then
// follows pushed model/epoch and jobs/changed events.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  GpuStatus,
  NativeStatus,
  CalibrationReport,
  EpochEvent,
  ModelInfo,
  TrainRequest,
} from '../../../main/model/types.ts';
import { invoke, on } from '../ipc/client.ts';
import { useJobsStore } from './jobs.ts';

export const useModelStore = defineStore('model', () => {
  const models = ref<ModelInfo[]>([]);
  const backend = ref<NativeStatus | null>(null);
  const gpu = ref<GpuStatus | null>(null);
  const trainJobId = ref<string | null>(null);
  const liveEpochs = ref<EpochEvent[]>([]);
  const checkJobId = ref<string | null>(null);
  const latestCheck = ref<{ id: number; createdAt: string; report: CalibrationReport } | null>(null);
  const error = ref<string | null>(null);
  const jobs = useJobsStore();

  async function load(): Promise<void> {
    try {
      [models.value, latestCheck.value] = await Promise.all([
        invoke('model/list'),
        invoke('model/latestCheck'),
      ]);
      backend.value = await invoke('model/backend');
      // Probing the GPU can take a moment (the compute window starts): never hold the pane for it.
      if (!gpu.value)
        void invoke('model/gpu').then(
          (g) => (gpu.value = g),
          (err: Error) =>
            (gpu.value = { available: false, adapter: null, reason: err.message, runtime: 'node' }),
        );
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function train(req: TrainRequest): Promise<void> {
    error.value = null;
    liveEpochs.value = [];
    try {
      trainJobId.value = (await invoke('model/train', req)).jobId;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function checkCalibration(req: { holdout?: number; folds?: number; seed?: number }): Promise<void> {
    error.value = null;
    try {
      checkJobId.value = (await invoke('model/checkCalibration', req)).jobId;
    } catch (err) {
      error.value = (err as Error).message;
    }
  }

  async function activate(id: number): Promise<void> {
    models.value = await invoke('model/activate', { id });
  }

  on('model/epoch', (e) => {
    if (e.kind !== 'train') return;
    // Epochs can arrive before model/train's reply: adopt the job by its first epoch.
    if (e.jobId !== trainJobId.value) {
      trainJobId.value = e.jobId;
      liveEpochs.value = [];
    }
    liveEpochs.value.push(e);
  });

  on('jobs/changed', (job) => {
    if (job.state === 'running') return;
    if (job.kind === 'train') void invoke('model/list').then((m) => (models.value = m));
    if (job.kind === 'check-calibration' && job.state === 'done')
      void invoke('model/latestCheck').then((c) => (latestCheck.value = c));
  });

  const trainJob = computed(
    () =>
      (trainJobId.value ? jobs.byId.get(trainJobId.value) : undefined) ??
      jobs.running.find((j) => j.kind === 'train'),
  );
  const checkJob = computed(
    () =>
      (checkJobId.value ? jobs.byId.get(checkJobId.value) : undefined) ??
      jobs.running.find((j) => j.kind === 'check-calibration'),
  );
  const training = computed(() => trainJob.value?.state === 'running');
  const checking = computed(() => checkJob.value?.state === 'running');
  return {
    models,
    backend,
    gpu,
    liveEpochs,
    latestCheck,
    error,
    trainJob,
    checkJob,
    training,
    checking,
    load,
    train,
    checkCalibration,
    activate,
  };
});
