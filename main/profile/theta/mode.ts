// The inner solve of a theta fit: Newton's method to the posterior mode of w = [bias, theta] with
// the Gaussian rating terms folded into sufficient statistics (fixed noise variances) and the probit
// comparison terms evaluated each step. The negative log posterior is convex, so Newton with step
// halving converges in a handful of steps; its Hessian at the mode is the Laplace precision.
import { choleskyJittered, cholSolve } from './linalg.ts';
import { millsRatio, normCdf, normLogCdf } from '../../stats/normal.ts';

/** Ratings as a quadratic: 1/2 w'Hw - g'w + c (x = [1, beta_i], residual r = z - mu - b_i). */
export interface RatingStats {
  h: Float64Array; // [D*D]
  g: Float64Array; // [D]
  /** sum of r^2/v and of log(2 pi v): the constant, for the evidence. */
  rr: number;
  logNorm: number;
  n: number;
}

/**
 * One comparison: P(winner preferred) = Phi((d0 + a.w) / s); or an "about the same" answer, an
 * ordered probit's middle band: P(tie) = Phi((band - x) / s) - Phi((-band - x) / s), x = d0 + a.w.
 */
export interface CompTerm {
  a: Float64Array; // [D]; a[0] = 0 between two items (the bias cancels), +-1 against an anchor
  d0: number;
  s: number;
  /** Half-width of the tie band on the model scale; set only for a tie. */
  band?: number;
}

/** log P(answer), and d/dx log P and -d2/dx2 log P at x = d0 + a.w (both answers log-concave). */
export function compTermAt(c: CompTerm, x: number): { logP: number; g: number; h: number } {
  if (c.band === undefined) {
    const t = x / c.s;
    const lambda = millsRatio(t);
    return { logP: normLogCdf(t), g: lambda / c.s, h: (lambda * (t + lambda)) / (c.s * c.s) };
  }
  const u1 = (c.band - x) / c.s;
  const u0 = (-c.band - x) / c.s;
  // The band's mass, computed on the side where it does not cancel (far out in a tail).
  const p = x < 0 ? normCdf(-u0) - normCdf(-u1) : normCdf(u1) - normCdf(u0);
  const p1 = normPdf(u1);
  const p0 = normPdf(u0);
  const mass = Math.max(p, 1e-300);
  const n = p1 - p0;
  const g = -n / (c.s * mass);
  const h = ((u1 * p1 - u0 * p0) * mass + n * n) / (c.s * c.s * mass * mass);
  return { logP: Math.log(mass), g, h };
}

function normPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

export interface Mode {
  w: Float64Array;
  /** Cholesky factor of the negative log posterior's Hessian at w (the posterior precision). */
  chol: Float64Array;
  /** Negative log posterior at w, up to constants. */
  objective: number;
  iterations: number;
}

export function emptyStats(d: number): RatingStats {
  return { h: new Float64Array(d * d), g: new Float64Array(d), rr: 0, logNorm: 0, n: 0 };
}

/** Adds one rating with feature x (x[0] = 1), residual r and noise variance v. */
export function addRatingTerm(stats: RatingStats, d: number, x: Float64Array, r: number, v: number): void {
  const iv = 1 / v;
  for (let i = 0; i < d; i++) {
    const xi = x[i]! * iv;
    stats.g[i]! += xi * r;
    const row = i * d;
    for (let j = 0; j <= i; j++) stats.h[row + j]! += xi * x[j]!;
  }
  stats.rr += r * r * iv;
  stats.logNorm += Math.log(2 * Math.PI * v);
  stats.n++;
}

/** The lower triangle is accumulated; mirror it before use. */
export function symmetrise(h: Float64Array, d: number): void {
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) h[j * d + i] = h[i * d + j]!;
}

function objective(
  w: Float64Array,
  d: number,
  prior: Float64Array,
  stats: RatingStats,
  comps: CompTerm[],
): number {
  let f = 0.5 * stats.rr;
  for (let i = 0; i < d; i++) {
    let hw = 0;
    for (let j = 0; j < d; j++) hw += stats.h[i * d + j]! * w[j]!;
    f += 0.5 * w[i]! * (hw + prior[i]! * w[i]!) - stats.g[i]! * w[i]!;
  }
  for (const c of comps) f -= compTermAt(c, c.d0 + dot(c.a, w, d)).logP;
  return f;
}

export function solveMode(
  d: number,
  prior: Float64Array,
  stats: RatingStats,
  comps: CompTerm[],
  start: Float64Array,
  maxIter = 50,
): Mode {
  let w: Float64Array = Float64Array.from(start);
  let f = objective(w, d, prior, stats, comps);
  const grad = new Float64Array(d);
  const hess = new Float64Array(d * d);
  let chol: Float64Array;
  let it = 0;
  for (; it < maxIter; it++) {
    // Gradient and Hessian of the negative log posterior at w.
    for (let i = 0; i < d; i++) {
      let hw = 0;
      for (let j = 0; j < d; j++) hw += stats.h[i * d + j]! * w[j]!;
      grad[i] = hw + prior[i]! * w[i]! - stats.g[i]!;
    }
    hess.set(stats.h);
    for (let i = 0; i < d; i++) hess[i * d + i]! += prior[i]!;
    for (const c of comps) {
      const { g: gs, h: hs } = compTermAt(c, c.d0 + dot(c.a, w, d));
      for (let i = 0; i < d; i++) {
        const ai = c.a[i]!;
        grad[i]! -= gs * ai;
        const row = i * d;
        const hai = hs * ai;
        for (let j = 0; j <= i; j++) hess[row + j]! += hai * c.a[j]!;
      }
    }
    if (comps.length)
      for (let i = 1; i < d; i++) for (let j = 0; j < i; j++) hess[j * d + i] = hess[i * d + j]!;
    chol = choleskyJittered(hess, d);
    const step = cholSolve(chol, d, grad);
    let scale = 1;
    let next = w;
    let fNext = f;
    for (let halvings = 0; halvings < 30; halvings++) {
      next = new Float64Array(d);
      for (let i = 0; i < d; i++) next[i] = w[i]! - scale * step[i]!;
      fNext = objective(next, d, prior, stats, comps);
      if (fNext <= f + 1e-12) break;
      scale *= 0.5;
    }
    let moved = 0;
    for (let i = 0; i < d; i++) moved = Math.max(moved, Math.abs(next[i]! - w[i]!));
    w = next;
    f = fNext;
    if (moved < 1e-9) break;
  }
  // Precision at the final point (the loop's last factor is from one step before).
  if (comps.length === 0) {
    hess.set(stats.h);
    for (let i = 0; i < d; i++) hess[i * d + i]! += prior[i]!;
    chol = choleskyJittered(hess, d);
  } else {
    chol = choleskyJittered(hessianAt(w, d, prior, stats, comps), d);
  }
  return { w, chol, objective: f, iterations: it + 1 };
}

function hessianAt(
  w: Float64Array,
  d: number,
  prior: Float64Array,
  stats: RatingStats,
  comps: CompTerm[],
): Float64Array {
  const hess = Float64Array.from(stats.h);
  for (let i = 0; i < d; i++) hess[i * d + i]! += prior[i]!;
  for (const c of comps) {
    const hs = compTermAt(c, c.d0 + dot(c.a, w, d)).h;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) hess[i * d + j]! += hs * c.a[i]! * c.a[j]!;
  }
  return hess;
}

export function dot(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i]! * b[i]!;
  return s;
}
