// A fitted metadata model: per target (the item bias, then each factor) a ridge regression on the
// title's features and its people's pooled vectors, with the Bayesian linear regression's predictive
// variance: residual variance x (1 + x' A^-1 x). Leverage makes a title unlike the training films (a
// series, a title with no genres or year) wider; a title with nothing known stays near the marginal.
import { encode, type FeatureSpace } from './features.ts';
import { pooledRep, type PeopleReps } from './reps.ts';
import { ROLES, type ItemPosterior, type MetadataFitOptions, type TitleMetadata } from './types.ts';

export interface MetadataModelData {
  dim: number;
  options: MetadataFitOptions;
  space: FeatureSpace;
  /** Targets' means over the training items: [dim + 1], bias first. */
  center: Float64Array;
  /** Columns per target: the base features, plus (people) 3 pooled components and 3 known flags. */
  columns: number;
  /** [(dim + 1) * columns] regression weights. */
  weights: Float64Array;
  /** [(dim + 1) * columns^2] A^-1 per target, A = X'X + ridge I. */
  inverse: Float64Array;
  /** [dim + 1] residual variance per target (target posterior variance included). */
  residualVar: Float64Array;
  /** [dim + 1] the marginal variance per target: no prediction is wider. */
  marginalVar: Float64Array;
  people: PeopleReps | null;
}

export const PEOPLE_COLUMNS = 2 * ROLES.length;

export class MetadataModel {
  readonly data: MetadataModelData;
  private readonly base: Float64Array;
  private readonly x: Float64Array;
  private readonly pool: Float64Array;
  private readonly known = new Float64Array(ROLES.length);
  /** Scratch: the indices of x's nonzero columns. */
  private readonly nz: Int32Array;

  constructor(data: MetadataModelData) {
    this.data = data;
    this.base = new Float64Array(data.space.names.length);
    this.x = new Float64Array(data.columns);
    this.pool = new Float64Array(ROLES.length * (data.dim + 1));
    this.nz = new Int32Array(data.columns);
  }

  get dim(): number {
    return this.data.dim;
  }

  /** The predicted item posterior (model scale) of a title from its metadata. */
  posterior(t: TitleMetadata): ItemPosterior {
    const d = this.data;
    const width = d.dim + 1;
    const nb = d.space.names.length;
    encode(d.space, t, this.base);
    if (d.people) pooledRep(d.people, t, width, this.pool, this.known);
    const mean = new Float32Array(d.dim);
    const variance = new Float32Array(d.dim);
    let bias = 0;
    let biasVariance = 0;
    for (let j = 0; j < width; j++) {
      const x = this.x;
      x.set(this.base);
      if (d.people) {
        for (let r = 0; r < ROLES.length; r++) {
          x[nb + r] = this.pool[r * width + j]!;
          x[nb + ROLES.length + r] = this.known[r]!;
        }
      }
      const c = d.columns;
      // The features are mostly zero (one-hot genres and type, absent people): the mean and the
      // leverage x' A^-1 x run over the nonzero columns only: a refresh places every cold title of
      // the catalogue (150k+) this way, and the dense c x c form took twice as long on a planted
      // 29-column model (more where more columns are zero).
      const nz = this.nz;
      let n = 0;
      for (let a = 0; a < c; a++) if (x[a] !== 0) nz[n++] = a;
      let m = d.center[j]!;
      for (let k = 0; k < n; k++) m += d.weights[j * c + nz[k]!]! * x[nz[k]!]!;
      let lev = 0;
      const inv = j * c * c;
      for (let k = 0; k < n; k++) {
        const a = nz[k]!;
        let row = 0;
        for (let l = 0; l < n; l++) row += d.inverse[inv + a * c + nz[l]!]! * x[nz[l]!]!;
        lev += x[a]! * row;
      }
      const v = Math.min(d.residualVar[j]! * (1 + lev), d.marginalVar[j]!);
      if (j === 0) [bias, biasVariance] = [m, v];
      else [mean[j - 1], variance[j - 1]] = [m, v];
    }
    return { mean, variance, bias, biasVariance };
  }
}
