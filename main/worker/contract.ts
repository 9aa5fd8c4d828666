// The compute worker's contract: every task by name, with its input, its result and the events it
// may send while it runs. Typed like the IPC contract: the host, the worker and the domains' task
// tables are all checked against this map, so a task's data never needs a cast.
import type {
  CalibrationReport,
  CalibrationTaskInput,
  EpochMetrics,
  FoldEpochMetrics,
  GpuStatus,
  NativeStatus,
  TrainedModel,
  TrainTaskInput,
} from '../model/types.ts';
import type { FitTaskInput, FitTaskResult } from '../profile/types.ts';
import type {
  ImplicitModel,
  ImplicitTaskInput,
  RecommendResult,
  ScoreTaskInput,
} from '../recommend/types.ts';

/** Which runtime the worker has: shown in Settings, and a cheap liveness check. */
export interface WorkerDiagnostics {
  pid: number;
  node: string;
  electron: string | null;
  platform: string;
}

type NoEvents = Record<never, never>;

// A type alias, not an interface: only aliases are assignable to AnyTaskMap's index signature.
export type TaskMap = {
  diagnostics: { input: null; output: WorkerDiagnostics; events: NoEvents };
  train: { input: TrainTaskInput; output: TrainedModel; events: { epoch: EpochMetrics } };
  'check-calibration': {
    input: CalibrationTaskInput;
    output: CalibrationReport;
    events: { epoch: FoldEpochMetrics };
  };
  /** Whether the native kernel loads in the worker (where training runs). */
  'model-backend': { input: null; output: NativeStatus; events: NoEvents };
  /** The WebGPU adapter the worker's GPU provider sees (Node's webgpu, or the compute window). */
  'gpu-status': { input: null; output: GpuStatus; events: NoEvents };
  'profile/fit': { input: FitTaskInput; output: FitTaskResult; events: NoEvents };
  'recommend/score': { input: ScoreTaskInput; output: RecommendResult; events: NoEvents };
  'recommend/implicit': { input: ImplicitTaskInput; output: ImplicitModel; events: NoEvents };
};

/** The shape any task map has (the app's, or a test's). */
export type AnyTaskMap = Record<string, { input: unknown; output: unknown; events: object }>;

/** One event a task of map M sends: { name, data } with the data typed by the name. */
export type TaskEvent<E extends object> = { [K in keyof E & string]: { name: K; data: E[K] } }[keyof E &
  string];
