// The rate flow's adaptive binary search on your 1-10 scale: a posterior over the rating you would
// give the title (1..10), updated by each "this title or that one you rated a?" answer under an
// ordered probit with a tie band and lapses (three answers: the title, the anchor, about the same):
//   P(title wins | r) = lapse + (1 - 3 lapse) Phi((r - a - band) / tau)
//   P(about the same | r) = lapse + (1 - 3 lapse) (Phi((r - a + band) / tau) - Phi((r - a - band) / tau))
// so two titles you rate the same are mostly "about the same", one point apart is mostly decisive,
// and any answer may be a slip (one inconsistent answer bends the posterior instead of cutting the
// truth away). The interval is the posterior's central 80% of your liking before it is rounded to
// a whole rating (each rating r spans r - 0.5 .. r + 0.5, as a rating does in the theta fit's
// ANCHOR_VAR): a whole-rating interval over a discrete posterior is one rating wide once it holds
// 80%, and then covers the truth far more often than 80% (measured 100% with true answers). The
// real-export simulation measures its coverage (elicit-rate-sim.test.ts).
import { normCdf } from '../../stats/normal.ts';

export interface SearchOptions {
  /** Answer noise, in rating points: how sure an answer is between titles a point apart. */
  tau: number;
  /** Chance of each answer whatever the gap (a slip, a changed mind). */
  lapse: number;
  /** Half-width of "about the same", in rating points. */
  band: number;
  /** Stop once the interval is narrower than this, in rating points (1: inside one rating). */
  stopWidth: number;
  /** Central probability of the interval. */
  level: number;
  maxSteps: number;
}

export const DEFAULT_SEARCH: SearchOptions = {
  tau: 0.4,
  lapse: 0.04,
  band: 0.5,
  stopWidth: 1,
  level: 0.8,
  maxSteps: 10,
};

export interface Estimate {
  /** Posterior mean of the rating (for the chart's line). */
  estimate: number;
  /** Posterior median: the middle of the interval, where the next anchor is sought. */
  middle: number;
  /** The central interval's ends on the 1-10 scale (0.5-10.5 at most), to a tenth. */
  low: number;
  high: number;
}

/** What is known before the first answer: the model's prediction, or how you rate in general. */
export type Prior = { kind: 'normal'; mean: number; sd: number } | { kind: 'ratings'; ratings: number[] };

/** What an answer says: the title won, the anchor won, or the two are about the same. */
export type Outcome = 'win' | 'lose' | 'tie';

const RATINGS = 10;
/** Smoothing of the histogram of your ratings (the prior of a title the model does not know). */
const KERNEL_SD = 0.8;

export class RatingSearch {
  readonly options: SearchOptions;
  private readonly prior: Float64Array;
  private post: Float64Array;
  private readonly answers: { anchor: number; outcome: Outcome }[] = [];
  /** Prompts skipped: they count toward maxSteps but say nothing. */
  private readonly skips: number[] = [];

  constructor(prior: Prior, options: Partial<SearchOptions> = {}) {
    // An option given as undefined keeps its default.
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    this.options = { ...DEFAULT_SEARCH, ...given };
    this.prior = priorMass(prior);
    this.post = Float64Array.from(this.prior);
  }

  /** Prompts answered (not skipped). */
  get steps(): number {
    return this.answers.length;
  }

  get skipped(): number {
    return this.skips.length;
  }

  /** Every prompt shown: what maxSteps bounds. */
  get prompts(): number {
    return this.answers.length + this.skips.length;
  }

  /** The posterior over ratings 1..10 (index 0 is rating 1). */
  get mass(): readonly number[] {
    return Array.from(this.post);
  }

  /** Folds in one answer against an anchor you rated `anchor` (a boolean: won or lost). */
  answer(anchor: number, outcome: Outcome | boolean): Estimate {
    const o: Outcome = outcome === true ? 'win' : outcome === false ? 'lose' : outcome;
    this.answers.push({ anchor, outcome: o });
    this.apply(anchor, o);
    return this.current();
  }

  /** A prompt skipped at an anchor rated `anchor`: it counts as shown, the posterior stays. */
  skip(anchor: number): void {
    this.skips.push(anchor);
  }

  /** Takes the last answer back (recomputed from the prior: exact). */
  undo(): Estimate {
    this.answers.pop();
    this.post = Float64Array.from(this.prior);
    for (const a of this.answers) this.apply(a.anchor, a.outcome);
    return this.current();
  }

  /** Takes the last skip back. */
  undoSkip(): void {
    this.skips.pop();
  }

  current(): Estimate {
    const tail = (1 - this.options.level) / 2;
    let mean = 0;
    for (let k = 0; k < RATINGS; k++) mean += (k + 1) * this.post[k]!;
    return {
      estimate: mean,
      middle: this.quantile(0.5),
      low: this.liking(tail),
      high: this.liking(1 - tail),
    };
  }

  /** Narrow enough, or out of questions. */
  done(): boolean {
    const e = this.current();
    return e.high - e.low < this.options.stopWidth || this.prompts >= this.options.maxSteps;
  }

  /**
   * The anchor rating to ask about next, among those you have titles for: the middle of the
   * interval in the sense that matters, the one whose answer is expected to tell the most.
   */
  nextAnchorRating(available: Iterable<number>): number | null {
    let best: number | null = null;
    let bestInfo = -1;
    for (const a of new Set(available)) {
      const info = answerInformation(this, a);
      const middle = this.current().middle;
      // Equal information: the one nearer the middle.
      if (
        info > bestInfo + 1e-12 ||
        (Math.abs(info - bestInfo) <= 1e-12 &&
          best !== null &&
          Math.abs(a - middle) < Math.abs(best - middle))
      ) {
        best = a;
        bestInfo = info;
      }
    }
    return best;
  }

  /** P(title wins against an anchor rated a) under the current posterior. */
  winProbability(anchor: number): number {
    let p = 0;
    for (let k = 0; k < RATINGS; k++)
      p += this.post[k]! * outcomeLikelihood(this.options, k + 1, anchor, 'win');
    return p;
  }

  private apply(anchor: number, outcome: Outcome): void {
    let total = 0;
    for (let k = 0; k < RATINGS; k++) {
      const v = this.post[k]! * outcomeLikelihood(this.options, k + 1, anchor, outcome);
      this.post[k] = v;
      total += v;
    }
    for (let k = 0; k < RATINGS; k++) this.post[k]! /= total;
  }

  /** The q-quantile of the liking: uniform within each rating's span, to a tenth. */
  private liking(q: number): number {
    let c = 0;
    for (let k = 0; k < RATINGS; k++) {
      const m = this.post[k]!;
      if (c + m >= q - 1e-12 && m > 0) {
        const x = k + 0.5 + Math.min(1, Math.max(0, (q - c) / m));
        return Math.round(x * 10) / 10;
      }
      c += m;
    }
    return RATINGS + 0.5;
  }

  /** The smallest rating whose cumulative mass reaches q. */
  private quantile(q: number): number {
    let c = 0;
    for (let k = 0; k < RATINGS; k++) {
      c += this.post[k]!;
      if (c >= q - 1e-12) return k + 1;
    }
    return RATINGS;
  }
}

function priorMass(prior: Prior): Float64Array {
  const m = new Float64Array(RATINGS);
  for (let k = 0; k < RATINGS; k++) {
    const r = k + 1;
    if (prior.kind === 'normal') {
      // The chance the rating rounds to r, with the ends taking the tails.
      const lo = r === 1 ? 0 : normCdf((r - 0.5 - prior.mean) / prior.sd);
      const hi = r === RATINGS ? 1 : normCdf((r + 0.5 - prior.mean) / prior.sd);
      m[k] = hi - lo;
    } else if (prior.ratings.length === 0) m[k] = 1;
    else for (const x of prior.ratings) m[k]! += Math.exp(-0.5 * ((r - x) / KERNEL_SD) ** 2);
  }
  // A floor, so no rating is ruled out before the first answer.
  let total = 0;
  for (let k = 0; k < RATINGS; k++) total += m[k]!;
  for (let k = 0; k < RATINGS; k++) m[k] = 0.99 * (m[k]! / total) + 0.01 / RATINGS;
  return m;
}

/** P(answer | the title's rating r) against an anchor rated `anchor` (the model at the top). */
export function outcomeLikelihood(
  o: Pick<SearchOptions, 'lapse' | 'tau' | 'band'>,
  r: number,
  anchor: number,
  outcome: Outcome,
): number {
  const d = r - anchor;
  const core =
    outcome === 'win'
      ? normCdf((d - o.band) / o.tau)
      : outcome === 'lose'
        ? normCdf((-d - o.band) / o.tau)
        : normCdf((d + o.band) / o.tau) - normCdf((d - o.band) / o.tau);
  return o.lapse + (1 - 3 * o.lapse) * core;
}

const OUTCOMES: readonly Outcome[] = ['win', 'lose', 'tie'];

/** Expected information (bits) an answer against an anchor rated `anchor` gives about the rating. */
export function answerInformation(search: RatingSearch, anchor: number): number {
  const h = (p: number) => (p <= 0 ? 0 : -p * Math.log2(p));
  const mass = search.mass;
  let expected = 0;
  let marginal = 0;
  for (const o of OUTCOMES) {
    let p = 0;
    for (let k = 0; k < mass.length; k++) {
      const l = outcomeLikelihood(search.options, k + 1, anchor, o);
      p += mass[k]! * l;
      expected += mass[k]! * h(l);
    }
    marginal += h(p);
  }
  return marginal - expected;
}
