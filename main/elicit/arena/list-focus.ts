// What an answer is expected to change at the top of your list: the expected fall in the variance
// of the predicted ratings of your current top candidates (the titles the rating model ranks
// highest among those you have not rated) and of your offset, which moves every prediction,
// rather than information about theta in general.
// For a probit answer Phi(z / s) with z = d0 + a.w ~ N(mu, q), the expected posterior variance of
// any c.w falls by g (c'Sa)^2 / (s^2 + q), g = phi(t)^2 / (p (1 - p)), t = Phi^-1(p) (the
// assumed-density update of a probit term, averaged over both answers), so a question is worth
// the sum of that over the candidates: g (L'a)' M (L'a) / (s^2 + q) with S = L L' and
// M = sum over the candidates of (L'c)(L'c)' (plus the offset's share), a D x D matrix built once
// per pair chosen, so each candidate pair costs O(D^2) whatever the number of candidates.
import type { ModelParams } from '../../model/types.ts';
import {
  ANCHOR_VAR,
  choleskyJittered,
  comparisonObservation,
  ratingFeature,
  ratingVariance,
} from '../../profile/service.ts';
import type { ThetaPosterior } from '../../profile/types.ts';
import { normQuantile } from '../../stats/normal.ts';
import type { Placed } from './pair-model.ts';

/** Top candidates whose predictions a question should sharpen (see select.ts for the measurements). */
export const FOCUS_TOP = 100;

/**
 * Your offset (the bias: how high you rate overall) counts as this many titles more: it moves the
 * prediction of every title you will see, not only the top candidates', and only an answer against
 * a title you rated teaches it. On the arena-vs-ratings simulation (five sets of 60 users, 20
 * answers) 300 raised the worst set's share of the 20 ratings' RMSE gain from 37% to 71% and the
 * mean from 66% to 81%, while the served list's share of their Recall@20 gain went from 175% to
 * 138% on average (108% at least; the issue asks 75%); 1000 was worse on both (README).
 */
export const OFFSET_WEIGHT = 300;

export class ListFocus {
  readonly items: number[];
  private readonly d: number;
  private readonly params: ModelParams;
  private readonly post: ThetaPosterior;
  private readonly chol: Float64Array;
  /** sum over the candidates of (L'c)(L'c)', row-major D x D. */
  private readonly m: Float64Array;
  /** Its Frobenius norm: at least its largest eigenvalue (M is positive semi-definite). */
  private readonly norm: number;
  private readonly perItem = new Map<number, { y: Float64Array; v: number }>();
  /** L'a of the pair being valued (thousands of pairs a pick: no allocation each). */
  private readonly la: Float64Array;

  /** `exclude`: the items you rated (not candidates). */
  constructor(params: ModelParams, post: ThetaPosterior, exclude: ReadonlySet<number>, top = FOCUS_TOP) {
    const d = params.dim + 1;
    this.d = d;
    this.params = params;
    this.post = post;
    this.chol = choleskyJittered(post.cov, d);
    this.la = new Float64Array(d);
    this.items = topCandidates(params, post, exclude, top);
    this.m = new Float64Array(d * d);
    for (const item of this.items) {
      const y = this.item(item).y;
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) this.m[i * d + j]! += y[i]! * y[j]!;
    }
    // Your offset as OFFSET_WEIGHT more titles: (L'e0)(L'e0)' is L00^2 in M's first entry.
    this.m[0]! += OFFSET_WEIGHT * this.chol[0]! * this.chol[0]!;
    this.norm = Math.sqrt(this.m.reduce((sum, x) => sum + x * x, 0));
  }

  /**
   * The expected fall in the candidates' summed predicted variance (model scale) from "A or B?";
   * 0 where even its bound (M's largest eigenvalue at most its Frobenius norm) is at most `floor`.
   */
  pairGain(a: Placed, b: Placed, pA: number, floor = -1): number {
    // The fit's own reading of the answer (profile/theta/fit.ts comparisonTerm).
    const obs = comparisonObservation(
      (t) => (t === 'a' ? a.item : b.item),
      (t) => (t === 'a' ? a.rating : b.rating) ?? undefined,
      'a',
      'b',
    );
    if (!obs) return 0;
    const d = this.d;
    const la = this.la;
    let s2: number;
    if (obs.winner >= 0 && obs.loser >= 0) {
      const w = this.item(obs.winner);
      const l = this.item(obs.loser);
      for (let j = 0; j < d; j++) la[j] = w.y[j]! - l.y[j]!;
      s2 = w.v + l.v;
    } else {
      // Anchored by your rating: the sign of a does not matter to a variance.
      const it = this.item(obs.winner >= 0 ? obs.winner : obs.loser);
      la.set(it.y);
      s2 = it.v + ANCHOR_VAR / (this.post.slope * this.post.slope);
    }
    let q = 0;
    for (let i = 0; i < d; i++) q += la[i]! * la[i]!;
    // The curvature is at most 2/pi (an even question): most pairs stop here, before the quantile.
    if (((2 / Math.PI) * this.norm * q) / (s2 + q) <= floor) return 0;
    const g = probitCurvature(pA) / (s2 + q);
    if (g * this.norm * q <= floor) return 0;
    let quad = 0;
    for (let i = 0; i < d; i++) {
      let row = 0;
      for (let j = 0; j < d; j++) row += this.m[i * d + j]! * la[j]!;
      quad += la[i]! * row;
    }
    return g * quad;
  }

  /** L'x of an item's feature and its rating noise. */
  private item(i: number): { y: Float64Array; v: number } {
    let c = this.perItem.get(i);
    if (!c) {
      const d = this.d;
      const x = ratingFeature(this.params, i, new Float64Array(d));
      const y = new Float64Array(d);
      for (let j = 0; j < d; j++) for (let k = j; k < d; k++) y[j]! += this.chol[k * d + j]! * x[k]!;
      c = { y, v: ratingVariance(this.params, i, this.post.mean) };
      this.perItem.set(i, c);
    }
    return c;
  }
}

/** phi(t)^2 / (p (1 - p)) at t = Phi^-1(p): 2/pi for an even question, towards 0 for a foregone one. */
export function probitCurvature(p: number): number {
  const pc = Math.min(1 - 1e-12, Math.max(1e-12, p));
  const t = normQuantile(pc);
  return Math.exp(-t * t) / (2 * Math.PI * pc * (1 - pc));
}

/** The `top` items of highest posterior-mean rating, leaving out `exclude`, best first. */
export function topCandidates(
  params: ModelParams,
  post: ThetaPosterior,
  exclude: ReadonlySet<number>,
  top: number,
): number[] {
  const k = params.dim;
  // Kept sorted best first; a catalogue of 87k films is one pass, not a sort of all of it.
  const kept: { i: number; m: number }[] = [];
  for (let i = 0; i < params.itemIds.length; i++) {
    if (exclude.has(i)) continue;
    let m = params.itemBiasMean[i]!;
    for (let j = 0; j < k; j++) m += post.mean[j + 1]! * params.itemFactorMean[i * k + j]!;
    if (kept.length === top && m <= kept[top - 1]!.m) continue;
    let at = kept.length;
    while (at > 0 && kept[at - 1]!.m < m) at--;
    kept.splice(at, 0, { i, m });
    if (kept.length > top) kept.pop();
  }
  return kept.map((e) => e.i);
}
