// The GPU's epoch-shaped trainer: the same interface as the CPU Trainer (train.ts), with the
// posterior living on the device between epochs. An epoch is P sub-epochs of the stratified
// schedule in a few submissions (progress and cancel between them), then the closed forms on the
// device; only partial sums come back. finalize() reads the posterior back. Runs unchanged in the
// Node worker and in the compute window (pure TypeScript over the standard WebGPU API).
import {
  cancelledError,
  divergedError,
  epochLoss,
  epochProgress,
  toParams,
  trainSummary,
} from '../trainer.ts';
import type { EpochHooks, EpochTrainer, TrainResult } from '../trainer.ts';
import { EarlyStop, PosteriorSnapshot } from '../early-stop.ts';
import type { TrainOptions } from '../options.ts';
import type { EpochMetrics } from '../types.ts';
import type { GpuDriver } from './driver.ts';
import { epochParams, type GpuRun } from './prepare.ts';
import type { GpuAdapterSummary, GpuSelfTest } from './types.ts';

/** Examples per submission: progress and cancellation happen between submissions. */
const SUBMIT_EXAMPLES = 1 << 20;

export interface GpuTrainerInfo {
  adapter: GpuAdapterSummary;
  selfTest: GpuSelfTest;
  /** Why the GPU trains (gpu/run.ts gpuReason). */
  reason: string;
  /** Seconds before the first epoch: all of it, preparing the data on the CPU, and compiling and
   * uploading to the device (the self-test's own time is in selfTest). */
  setupSeconds: number;
  prepareSeconds: number;
  uploadSeconds: number;
  /** Fault injection for tests: destroy the device after this epoch, as a driver reset would. */
  loseDeviceAfterEpoch?: number;
}

export class GpuTrainer implements EpochTrainer {
  readonly options: TrainOptions;
  readonly epochs: EpochMetrics[] = [];
  readonly info: GpuTrainerInfo;
  readSeconds = 0;
  private readonly driver: GpuDriver;
  private readonly run: GpuRun;
  private readonly release: () => void;
  private readonly started = performance.now();
  private closed = false;
  private readonly earlyStop: EarlyStop | undefined;
  /** The best epoch's posterior, read back from the device when it happens (early stopping). */
  private readonly best = new PosteriorSnapshot();

  /** `driver` holds the run's data and initial posterior; `release` frees the device at close(). */
  constructor(driver: GpuDriver, run: GpuRun, info: GpuTrainerInfo, release: () => void) {
    this.driver = driver;
    this.run = run;
    this.info = info;
    this.release = release;
    this.options = run.o;
    if (EarlyStop.applies(run.o, run.data.heldOut.ratings.length)) this.earlyStop = new EarlyStop(run.o);
  }

  get done(): boolean {
    return this.epochs.length >= this.options.epochs || this.earlyStop?.stopped === true;
  }

  /** Parallel workers (P) of the stratified schedule. */
  get workers(): number {
    return this.run.schedule.workers;
  }

  get driverStats(): { bytesUp: number; bytesDown: number; peakDeviceBytes: number } {
    const { bytesUp, bytesDown, peakDeviceBytes } = this.driver;
    return { bytesUp, bytesDown, peakDeviceBytes };
  }

  async trainEpoch(hooks: EpochHooks = {}): Promise<EpochMetrics> {
    const { driver: gpu, run } = this;
    const { o, data, state: s, schedule } = run;
    const epoch = this.epochs.length;
    const epochStart = performance.now();
    const prev = this.epochs[epoch - 1];
    const nTrain = data.train.ratings.length;
    const P = schedule.workers;
    gpu.setParams(epochParams(run, epoch));
    gpu.startEpoch();
    for (let from = 0; from < P;) {
      if (hooks.signal?.aborted) throw cancelledError();
      let to = from + 1;
      while (to < P && gpu.examplesIn(from, to + 1) <= SUBMIT_EXAMPLES) to++;
      await gpu.runSubEpochs(from, to);
      from = to;
      hooks.onProgress?.(
        epochProgress({ epoch, epochs: o.epochs, within: from / P, started: this.started, prev }),
      );
    }
    if (hooks.signal?.aborted) throw cancelledError();
    const { sse, ese } = await gpu.epochSums();
    if (!Number.isFinite(ese)) throw divergedError(ese, epoch + 1, 'on the GPU');
    if (o.learnPrior) {
      const rows = countRated(data.userCounts) + countRated(data.itemCounts);
      const c = (await gpu.priorStats()) / (rows * o.dim);
      for (let k = 0; k < o.dim; k++) {
        s.priorVar[k] = c * run.shape[k]!;
        s.priorPrec[k] = 1 / s.priorVar[k]!;
      }
    }
    s.noiseVar = Math.max(ese / nTrain, 1e-4);
    gpu.setParams(epochParams(run, epoch));
    const { kl, heldOutSe } = await gpu.finishEpoch();
    const loss = epochLoss(ese, nTrain, s.noiseVar, kl);
    if (!Number.isFinite(loss)) throw divergedError(loss, epoch + 1);
    const nHeld = data.heldOut.ratings.length;
    const m: EpochMetrics = {
      epoch: epoch + 1,
      loss,
      trainRmse: Math.sqrt(sse / nTrain),
      valRmse: nHeld > 0 ? Math.sqrt(heldOutSe / nHeld) : null,
      noiseVar: s.noiseVar,
      seconds: (performance.now() - epochStart) / 1000,
    };
    this.epochs.push(m);
    if (this.earlyStop?.observe(m.epoch, m.valRmse!)) {
      const readStart = performance.now();
      await gpu.readState(s);
      this.best.take(s);
      this.readSeconds += (performance.now() - readStart) / 1000;
    }
    if (m.epoch === this.info.loseDeviceAfterEpoch) gpu.device.destroy();
    return m;
  }

  async finalize(keepState = false): Promise<TrainResult> {
    const { run } = this;
    const { data, state } = run;
    const { earlyStop } = this;
    // The best epoch's posterior (already read back) when later epochs did not beat it.
    const kept = earlyStop && earlyStop.bestEpoch > 0 ? earlyStop.bestEpoch : this.epochs.length;
    const readStart = performance.now();
    if (kept < this.epochs.length) this.best.restore(state);
    else await this.driver.readState(state);
    this.readSeconds += (performance.now() - readStart) / 1000;
    const { heldOut: _heldOut, ...plain } = this.options;
    const result: TrainResult = {
      params: toParams(state, run.itemIds, data.itemCounts),
      epochs: this.epochs.slice(0, kept),
      ...(earlyStop ? { earlyStop: earlyStop.info(this.epochs.length) } : {}),
      backend: 'gpu',
      adapter: this.info.adapter,
      backendReason: this.info.reason,
      gpuSelfTest: this.info.selfTest,
      threads: this.workers,
      seconds: (performance.now() - this.started) / 1000 + this.info.setupSeconds,
      summary: trainSummary(data, run.ratings),
      options: plain,
    };
    if (keepState) {
      result.state = state;
      result.data = data;
    }
    return result;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.driver.destroy();
    this.release();
  }
}

function countRated(counts: Int32Array): number {
  let n = 0;
  for (let j = 0; j < counts.length; j++) if (counts[j]! > 0) n++;
  return n;
}
