// Early stopping on the validation slice, the same for every backend: an epoch that lowers the
// validation RMSE by at least `minDelta` resets the patience; `patience` epochs in a row without
// such a gain stop training. The best epoch (lowest validation RMSE, however small its gain) is the
// one kept: its posterior is copied aside when it happens and put back by finalize().
// Only the trainer's own validation slice is watched: a caller's held-out set (calibration's test
// split) must not choose the model it then scores, so training with `heldOut` runs every epoch.
import type { TrainOptions } from './options.ts';
import type { VariationalState } from './state.ts';

export interface EarlyStopInfo {
  /** The epoch whose model was kept (1-based). */
  bestEpoch: number;
  /** Epochs that ran (the best one and the patience after it). */
  epochsRun: number;
  /** Whether the patience rule ended training before options.epochs. */
  stopped: boolean;
}

export class EarlyStop {
  private best = Infinity;
  private since = 0;
  bestEpoch = 0;
  private readonly patience: number;
  private readonly minDelta: number;

  constructor(o: Pick<TrainOptions, 'patience' | 'minDelta'>) {
    this.patience = o.patience;
    this.minDelta = o.minDelta;
  }

  /** Whether a trainer with these options and this split watches its validation RMSE. */
  static applies(o: TrainOptions, heldOutRatings: number): boolean {
    return o.patience > 0 && o.heldOut === undefined && heldOutRatings > 0;
  }

  /** The patience ran out. */
  get stopped(): boolean {
    return this.since >= this.patience;
  }

  /** Records an epoch's validation RMSE; true when it is the best so far (keep its posterior). */
  observe(epoch: number, valRmse: number): boolean {
    const gained = valRmse < this.best - this.minDelta;
    const isBest = valRmse < this.best;
    this.since = gained ? 0 : this.since + 1;
    if (isBest) {
      this.best = valRmse;
      this.bestEpoch = epoch;
    }
    return isBest;
  }

  info(epochsRun: number): EarlyStopInfo {
    return { bestEpoch: this.bestEpoch, epochsRun, stopped: this.stopped };
  }
}

/** A copy of everything finalize() and calibration read from a posterior, to put back later. */
export class PosteriorSnapshot {
  private saved: VariationalState | undefined;

  take(s: VariationalState): void {
    const copy = (a: Float32Array, into: Float32Array | undefined) => {
      if (!into) return Float32Array.from(a);
      into.set(a);
      return into;
    };
    const d = this.saved;
    this.saved = {
      ...s,
      priorVar: copy(s.priorVar, d?.priorVar),
      priorPrec: copy(s.priorPrec, d?.priorPrec),
      userMean: copy(s.userMean, d?.userMean),
      userVar: copy(s.userVar, d?.userVar),
      itemMean: copy(s.itemMean, d?.itemMean),
      itemVar: copy(s.itemVar, d?.itemVar),
      userBias: copy(s.userBias, d?.userBias),
      userBiasVar: copy(s.userBiasVar, d?.userBiasVar),
      itemBias: copy(s.itemBias, d?.itemBias),
      itemBiasVar: copy(s.itemBiasVar, d?.itemBiasVar),
      userReg: copy(s.userReg, d?.userReg),
      itemReg: copy(s.itemReg, d?.itemReg),
    };
  }

  /** Puts the copy back into `s` (the same arrays, so anything holding them sees the best epoch). */
  restore(s: VariationalState): void {
    const d = this.saved;
    if (!d) return;
    s.noiseVar = d.noiseVar;
    for (const key of [
      'priorVar',
      'priorPrec',
      'userMean',
      'userVar',
      'itemMean',
      'itemVar',
      'userBias',
      'userBiasVar',
      'itemBias',
      'itemBiasVar',
      'userReg',
      'itemReg',
    ] as const)
      s[key].set(d[key]);
  }
}
