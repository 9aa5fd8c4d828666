// Picks the arena's next pair. Candidates are pairs of titles close in predicted rating (each title
// with its nearest neighbours on your scale: far-apart pairs have foregone answers), leaving out
// pairs asked before, two titles you may not have seen, titles already shown in this session and
// near-duplicates of a question just answered (the same direction in taste space); when that
// leaves nothing, titles shown earlier come back (not those of the last two pairs), then any pair
// not asked. Spreading a session over many titles also keeps one title whose factors the model
// has wrong from steering many answers (measured: the held-out RMSE gets better). Among them:
//   info     the most expected sharpening of the top of your list: the fall in the variance of the
//            predictions of the 100 titles ranked highest among those you have not rated, and of
//            your offset, weighted as 300 titles more (list-focus.ts). Before that weight, on the
//            arena-vs-ratings simulation (60 users, 20 answers), it got 67% of the 20 ratings'
//            RMSE gain where BALD (the expected information about theta in
//            general, pair-model.ts) got 59% (another 60 users: 74% against 67%); weighting it by the
//            answer's entropy (1: 73% / 70%, squared: 81% / 76%), 20 or 40 candidates (66%, 64%),
//            the 300 most-rated films instead (51%), the app's followed top 10 instead (56%) or
//            first (68%), a window of 64 (58%) or its product with BALD
//            (69%, with 261 "not seen" in 1,461 prompts) were tried and not kept (see the README);
//   entropy  P(A over B) nearest 0.5 (the original's maximum-entropy rule);
//   random   any allowed pair from the whole pool, uniformly (the baseline).
import type { ArenaRule } from '../types.ts';
import {
  directionSimilarity,
  entropyBits,
  type PairModel,
  type PairView,
  type Placed,
} from './pair-model.ts';
import { ListFocus } from './list-focus.ts';

export const ARENA_RULES: readonly ArenaRule[] = ['info', 'entropy', 'random'];

export interface PoolTitle extends Placed {
  tconst: string;
  /** A popular title you may not have seen: its answers are discounted by the chance you have. */
  maybeSeen: boolean;
}

export interface SelectContext {
  /** Pairs asked before. */
  asked: PairSet;
  /** Titles shown in this session, and those of the last pairs (not shown again straight away). */
  sessionTitles: Set<string>;
  recentTitles: Set<string>;
  /** Directions of the last answered questions. */
  recentDirections: Float64Array[];
  random: () => number;
}

export interface Chosen<T extends PoolTitle = PoolTitle> {
  a: T;
  b: T;
  view: PairView;
}

/** Neighbours on your scale each title is paired with. */
const WINDOW = 32;
/** Chance you have seen a popular title you have not rated (`not seen` answers cost a prompt).
 * On the arena-vs-ratings simulation 0.25 asks 66 "not seen" in 1,266 prompts against 576 in 1,776
 * at 0.5 (1.05 prompts per informative answer, 1.48 at 0.5), RMSE 1.814 vs 1.817, Recall@20
 * 0.066 vs 0.069 (with BALD pairs). A chance per title from its share of the model's ratings
 * (k x its ratings / the most-rated film's) asked no fewer: 87 (k = 0.5) and 41 (k = 0.3) "not
 * seen" against 47 at 0.25 with the list's pairs, RMSE 1.800 against 1.799. */
const P_SEEN = 0.25;
/** |cos| above which a question repeats one just answered. */
const DUPLICATE = 0.95;
const RANDOM_TRIES = 400;

/** Unordered pairs of titles, looked up without building a key per candidate. */
export class PairSet {
  private readonly next = new Map<string, Set<string>>();

  add(a: string, b: string): this {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let set = this.next.get(x);
      if (!set) this.next.set(x, (set = new Set()));
      set.add(y);
    }
    return this;
  }

  has(a: string, b: string): boolean {
    return this.next.get(a)?.has(b) ?? false;
  }
}

export function selectPair<T extends PoolTitle>(
  pool: readonly T[],
  model: PairModel,
  rule: ArenaRule,
  ctx: SelectContext,
): Chosen<T> | null {
  const focus = rule === 'info' ? listFocus(pool, model) : null;
  for (const level of LEVELS) {
    const chosen =
      rule === 'random' ? randomPair(pool, model, ctx, level) : bestPair(pool, model, focus, ctx, level);
    if (chosen) return ctx.random() < 0.5 ? chosen : swap(chosen);
  }
  return null;
}

/**
 * -1: an unrated title new to the session against one you rated (the anchor: it may come back, only
 * not from the last pairs); 0: new titles and new questions only; 1: no title of the last pairs;
 * 2: any pair not asked. Anchored pairs come first: the answer places a title the fit knows nothing
 * of yet against your own rating, close to a new rating, while two unrated titles only say which is
 * above the other (and two rated ones repeat your ratings). On the arena-vs-ratings simulation (60
 * users, 20 answers): RMSE 1.814 -> 1.804 for info (44% -> 59% of the 20 ratings' gain), entropy
 * 1.836 -> 1.793 (11% -> 76%), random 1.832 -> 1.810.
 */
type Level = -1 | 0 | 1 | 2;
const LEVELS: Level[] = [-1, 0, 1, 2];

function allowed(a: PoolTitle, b: PoolTitle, ctx: SelectContext, level: Level): boolean {
  if (a.tconst === b.tconst || (a.item >= 0 && a.item === b.item)) return false;
  if (a.maybeSeen && b.maybeSeen) return false;
  if (level === -1) {
    if ((a.rating === null) === (b.rating === null)) return false;
    const [anchor, other] = a.rating !== null ? [a, b] : [b, a];
    if (ctx.recentTitles.has(anchor.tconst) || ctx.sessionTitles.has(other.tconst)) return false;
  } else if (level < 2) {
    const shown = level === 0 ? ctx.sessionTitles : ctx.recentTitles;
    if (shown.has(a.tconst) || shown.has(b.tconst)) return false;
  }
  return !ctx.asked.has(a.tconst, b.tconst);
}

function novel(view: PairView, ctx: SelectContext, level: Level): boolean {
  if (level > 0 || !view.direction) return true;
  return ctx.recentDirections.every((d) => directionSimilarity(d, view.direction!) < DUPLICATE);
}

/** The top of your list as the rating model ranks it, among the titles you have not rated. */
function listFocus(pool: readonly PoolTitle[], model: PairModel): ListFocus {
  const rated = new Set(pool.filter((t) => t.rating !== null && t.item >= 0).map((t) => t.item));
  return new ListFocus(model.params, model.post, rated);
}

function bestPair<T extends PoolTitle>(
  pool: readonly T[],
  model: PairModel,
  /** info: the list's expected variance fall; null (entropy): P(A over B) nearest 0.5. */
  focus: ListFocus | null,
  ctx: SelectContext,
  level: Level,
): Chosen<T> | null {
  const placed = pool
    .map((t) => ({ t, u: model.utility(t) }))
    .filter((x) => Number.isFinite(x.u))
    .sort((x, y) => x.u - y.u);
  let best: Chosen<T> | null = null;
  let bestScore = -1;
  for (let i = 0; i < placed.length; i++) {
    for (let j = i + 1; j <= i + WINDOW && j < placed.length; j++) {
      const a = placed[i]!.t;
      const b = placed[j]!.t;
      if (!allowed(a, b, ctx, level)) continue;
      const quick = model.score(a, b);
      const seen = a.maybeSeen || b.maybeSeen ? P_SEEN : 1;
      // A tiny random part breaks ties without favouring the pool's order.
      const jitter = 1e-9 * ctx.random();
      // The list's value is cut short where it cannot beat the best so far (the same choice).
      const value = focus
        ? focus.pairGain(a, b, quick.pA, (bestScore - jitter) / seen)
        : entropyBits(quick.pA);
      const score = value * seen + jitter;
      if (score <= bestScore) continue;
      // Only a new best needs the full view (its direction, for the near-duplicate check).
      const view = model.view(a, b);
      if (novel(view, ctx, level)) {
        best = { a, b, view };
        bestScore = score;
      }
    }
  }
  return best;
}

function randomPair<T extends PoolTitle>(
  pool: readonly T[],
  model: PairModel,
  ctx: SelectContext,
  level: Level,
): Chosen<T> | null {
  if (pool.length < 2) return null;
  for (let t = 0; t < RANDOM_TRIES; t++) {
    const a = pool[Math.floor(ctx.random() * pool.length)]!;
    const b = pool[Math.floor(ctx.random() * pool.length)]!;
    if (!allowed(a, b, ctx, level)) continue;
    return { a, b, view: model.view(a, b) };
  }
  return null;
}

function swap<T extends PoolTitle>(c: Chosen<T>): Chosen<T> {
  return { a: c.b, b: c.a, view: { ...c.view, pA: 1 - c.view.pA, direction: c.view.direction } };
}
