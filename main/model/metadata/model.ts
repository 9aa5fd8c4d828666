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

/** Values per placed title in a block: bias, its variance, then the factor means and variances. */
export const placedWidth = (dim: number): number => 2 + 2 * dim;

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
    const dim = this.data.dim;
    const out = new Float32Array(placedWidth(dim));
    this.place(t, out, 0);
    return {
      bias: out[0]!,
      biasVariance: out[1]!,
      mean: out.slice(2, 2 + dim),
      variance: out.slice(2 + dim, 2 + 2 * dim),
    };
  }

  /**
   * Writes a title's predicted posterior into out at `at` as [bias, bias variance, mean[dim],
   * variance[dim]] (placedWidth(dim) values): the catalogue places 150k+ titles into one block so.
   */
  place(t: TitleMetadata, out: Float32Array, at: number): void {
    const d = this.data;
    const width = d.dim + 1;
    const nb = d.space.names.length;
    encode(d.space, t, this.base);
    if (d.people) pooledRep(d.people, t, width, this.pool, this.known);
    const x = this.x;
    const c = d.columns;
    const nz = this.nz;
    // The base columns are the same for every target; only the people columns (pooled per target) differ.
    x.set(this.base);
    let nBase = 0;
    for (let a = 0; a < nb; a++) if (x[a] !== 0) nz[nBase++] = a;
    for (let j = 0; j < width; j++) {
      let n = nBase;
      if (d.people) {
        for (let r = 0; r < ROLES.length; r++) {
          x[nb + r] = this.pool[r * width + j]!;
          x[nb + ROLES.length + r] = this.known[r]!;
        }
        for (let a = nb; a < c; a++) if (x[a] !== 0) nz[n++] = a;
      }
      // The features are mostly zero (one-hot genres and type, absent people): the mean and the
      // leverage x' A^-1 x run over the nonzero columns only (A^-1 symmetric: the upper triangle
      // twice plus the diagonal).
      let m = d.center[j]!;
      const wj = j * c;
      for (let k = 0; k < n; k++) m += d.weights[wj + nz[k]!]! * x[nz[k]!]!;
      let lev = 0;
      const inv = j * c * c;
      for (let k = 0; k < n; k++) {
        const a = nz[k]!;
        const xa = x[a]!;
        const row = inv + a * c;
        let off = 0;
        for (let l = k + 1; l < n; l++) off += d.inverse[row + nz[l]!]! * x[nz[l]!]!;
        lev += xa * (d.inverse[row + a]! * xa + 2 * off);
      }
      const v = Math.min(d.residualVar[j]! * (1 + lev), d.marginalVar[j]!);
      if (j === 0) {
        out[at] = m;
        out[at + 1] = v;
      } else {
        out[at + 1 + j] = m;
        out[at + 1 + d.dim + j] = v;
      }
    }
  }
}
