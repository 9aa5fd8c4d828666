// One arena run: the pair on screen, what was answered (to take back with U, any number of times,
// back to the session start), and what the last answer changed (the meter, the top of your list).
// Each answer is stored through the profile, which folds it into theta at once; the next pair is
// chosen from the updated posterior.
import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors.ts';
import { cachedStatement } from '../../db/statements.ts';
import { createRng } from '../../model/service.ts';
import type { ModelParams } from '../../model/types.ts';
import { DEFAULT_SLOPE, IncrementalTheta, type ProfileService } from '../../profile/service.ts';
import type { ThetaPosterior } from '../../profile/types.ts';
import { markNotSeen, recentPairs, unmarkNotSeen, updateSession } from '../store.ts';
import type { ArenaAnswer, ArenaRule, ArenaState, TopEntry } from '../types.ts';
import { moved, priorUncertainty, tasteUncertainty } from './meter.ts';
import { PairModel, type PairView } from './pair-model.ts';
import { arenaPool, type ArenaTitle } from './pool.ts';
import { PairSet, selectPair } from './select.ts';

/** An answer faster than this right after another may be an accidental click. */
export const ACCIDENTAL_MS = 300;
/** Questions whose directions a new one must not repeat, and titles not shown again at once. */
const RECENT_DIRECTIONS = 5;
const RECENT_PAIRS_SHOWN = 2;

/** The model pairs are scored with (your fit model: trained films plus your titles placed by their
 * metadata), its title lookup, and your posterior. */
type Fit = {
  model: ModelParams & { id: number };
  itemOf: (tconst: string) => number;
  key: string;
  posterior: ThetaPosterior;
};

interface Shown {
  a: ArenaTitle;
  b: ArenaTitle;
  view: PairView;
}

type Step =
  | { kind: 'answer'; pair: Shown; comparisonId: number; tie: boolean }
  | { kind: 'skip'; pair: Shown }
  | { kind: 'not-seen'; pair: Shown; tconst: string };

export interface ArenaDeps {
  db: Database;
  profile: ProfileService;
  /** Titles marked seen (known), and marked unwatched (watchlist, not interested: not offered). */
  marks(): { seen: string[]; unwatched: string[] };
  /** The top of your recommendations now (the posterior-mean ranking); null while there is none. */
  top(): Promise<Omit<TopEntry, 'previousRank'>[] | null>;
}

export interface ArenaOptions {
  rule: ArenaRule;
  seed?: number;
  /** Titles the caller knows you have seen (besides your ratings and comparisons). */
  seen?: readonly string[];
  /** Offer popular films you may have seen (default true). */
  popular?: boolean;
}

export class ArenaSession {
  readonly id: number;
  readonly rule: ArenaRule;
  private readonly deps: ArenaDeps;
  private readonly options: ArenaOptions;
  private readonly random: () => number;
  private readonly steps: Step[] = [];
  private current: Shown | null = null;
  private shownAt = 0;
  private top: Omit<TopEntry, 'previousRank'>[] = [];
  private movement: { top: TopEntry[]; droppedOut: TopEntry[] } = { top: [], droppedOut: [] };
  private lastAnswer: ArenaState['lastAnswer'] = null;
  private startUncertainty = Number.NaN;
  private message: string | null = null;
  private pool: { key: string; titles: ArenaTitle[] } | null = null;

  constructor(id: number, deps: ArenaDeps, options: ArenaOptions) {
    this.id = id;
    this.rule = options.rule;
    this.deps = deps;
    this.options = options;
    this.random = createRng(options.seed ?? id * 7919);
    const fit = this.fit();
    this.startUncertainty = tasteUncertainty(fit.model, fit.posterior.cov, fit.posterior.slope);
    this.next(fit);
  }

  /**
   * Reads the top of your recommendations again; `moved` shows what changed since the last reading.
   * Separate from answering: the list is scored in the compute worker, which may be busy (training
   * the implicit model), and the next pair must not wait for it.
   */
  async followTop(): Promise<ArenaState> {
    const top = await this.deps.top();
    if (top) {
      this.movement = moved(this.top.length ? this.top : top, top);
      this.top = top;
    }
    return this.state();
  }

  /** What the arena shows now. */
  state(fit: Fit = this.fit()): ArenaState {
    const { model, posterior } = fit;
    const counts = this.counts();
    return {
      sessionId: this.id,
      rule: this.rule,
      pair: this.current
        ? {
            a: this.current.a.card,
            b: this.current.b.card,
            pA: this.current.view.pA,
            bits: this.current.view.bits,
          }
        : null,
      ...counts,
      canUndo: this.steps.length > 0,
      uncertainty: {
        now: tasteUncertainty(model, posterior.cov, posterior.slope),
        start: this.startUncertainty,
        prior: priorUncertainty(model, posterior.slope),
      },
      top: this.movement.top,
      droppedOut: this.movement.droppedOut,
      lastAnswer: this.lastAnswer,
      refitting: this.deps.profile.refitting(),
      message: this.message,
    };
  }

  answer(answer: ArenaAnswer, side?: 'a' | 'b', now = Date.now()): ArenaState {
    const pair = this.current;
    if (!pair)
      throw new AppError('NOT_FOUND', 'There is no pair to answer: the arena has nothing left to ask.');
    const ms = now - this.shownAt;
    if (answer === 'a' || answer === 'b' || answer === 'tie') {
      // A tie is stored with A as "winner": the fit reads it as the tie band, whichever side.
      const [winner, loser] = answer === 'b' ? [pair.b, pair.a] : [pair.a, pair.b];
      const tie = answer === 'tie';
      const flagged = ms < ACCIDENTAL_MS && this.steps.some((s) => s.kind === 'answer');
      const { id } = this.deps.profile.recordComparison({
        winner: winner.tconst,
        loser: loser.tconst,
        tie,
        source: 'arena',
        a: pair.a.tconst,
        b: pair.b.tconst,
        answer: tie ? '=' : answer,
        pA: pair.view.pA,
        ms,
        flagged,
        sessionId: this.id,
      });
      this.steps.push({ kind: 'answer', pair, comparisonId: id, tie });
      this.lastAnswer = { answer, ms, flagged };
    } else if (answer === 'skip') {
      this.steps.push({ kind: 'skip', pair });
      this.lastAnswer = { answer, ms, flagged: false };
    } else {
      const unseen = side ? pair[side] : this.maybeSeenSide(pair);
      markNotSeen(this.deps.db, unseen.tconst, this.id);
      this.steps.push({ kind: 'not-seen', pair, tconst: unseen.tconst });
      this.lastAnswer = { answer, ms, flagged: false };
    }
    return this.afterChange();
  }

  /** Takes the last answer back for good and asks that pair again. */
  undo(): ArenaState {
    const step = this.steps.pop();
    if (!step) throw new AppError('NOT_FOUND', 'Nothing to undo: this session has no answers left.');
    if (step.kind === 'answer') this.deps.profile.undoComparison(step.comparisonId);
    if (step.kind === 'not-seen') unmarkNotSeen(this.deps.db, step.tconst);
    this.lastAnswer = null;
    return this.afterChange(step.pair);
  }

  counts(): { answered: number; ties: number; skipped: number; notSeen: number } {
    const n = (k: Step['kind']) => this.steps.filter((s) => s.kind === k).length;
    const ties = this.steps.filter((s) => s.kind === 'answer' && s.tie).length;
    return { answered: n('answer'), ties, skipped: n('skip'), notSeen: n('not-seen') };
  }

  private maybeSeenSide(pair: Shown): ArenaTitle {
    if (pair.a.maybeSeen !== pair.b.maybeSeen) return pair.a.maybeSeen ? pair.a : pair.b;
    throw new AppError(
      'INVALID_INPUT',
      'Say which one you have not seen: both titles are ones you know (h1 for the first, h2 for the second).',
    );
  }

  private afterChange(again?: Shown): ArenaState {
    updateSession(this.deps.db, this.id, this.counts());
    // One read of the fit this change produced, for the next pair and the state alike.
    const fit = this.fit();
    if (again) {
      this.current = again;
      this.shownAt = Date.now();
    } else this.next(fit);
    return this.state(fit);
  }

  private next(fit: Fit): void {
    const { model, posterior } = fit;
    const pool = this.titles(fit);
    const asked = new PairSet();
    for (const p of recentPairs(this.deps.db)) asked.add(p.a, p.b);
    for (const s of this.steps) asked.add(s.pair.a.tconst, s.pair.b.tconst);
    const shown = this.steps.slice(-RECENT_PAIRS_SHOWN).flatMap((s) => [s.pair.a.tconst, s.pair.b.tconst]);
    const directions = this.steps
      .filter((s) => s.kind === 'answer' && s.pair.view.direction)
      .slice(-RECENT_DIRECTIONS)
      .map((s) => s.pair.view.direction!);
    const chosen = selectPair(pool, new PairModel(model, posterior), this.rule, {
      asked,
      sessionTitles: new Set(this.steps.flatMap((s) => [s.pair.a.tconst, s.pair.b.tconst])),
      recentTitles: new Set(shown),
      recentDirections: directions,
      random: this.random,
    });
    this.current = chosen;
    this.shownAt = Date.now();
    this.message = chosen
      ? null
      : pool.length < 2
        ? 'Rate a few titles first (Profile, or drop your IMDb export): the arena compares titles you know.'
        : 'No pair left worth asking now: rate more titles, or come back after new ones.';
  }

  /** The pool, rebuilt only when your ratings, your not-seen marks or the fit model change. */
  private titles(fit: Fit): ArenaTitle[] {
    const key = cachedStatement<[], string>(
      this.deps.db,
      "SELECT (SELECT coalesce(max(id), 0) FROM profile_rating_events) || ':' || (SELECT count(*) FROM elicit_not_seen)",
    )
      .pluck()
      .get()!;
    const marks = this.deps.marks();
    const full = `${fit.key}:${key}:${marks.seen.join(',')}:${marks.unwatched.join(',')}`;
    if (this.pool?.key !== full)
      this.pool = {
        key: full,
        titles: arenaPool(
          this.deps.db,
          { params: fit.model, itemOf: fit.itemOf },
          {
            seen: this.seen(marks),
            unwatched: marks.unwatched,
            popular: this.options.popular,
          },
        ),
      };
    return this.pool.titles;
  }

  /** Titles you have seen besides your ratings and comparisons: marked seen, or given by the caller. */
  private seen(marks = this.deps.marks()): string[] {
    return [...marks.seen, ...(this.options.seen ?? [])];
  }

  private fit(): Fit {
    // Your titles outside MovieLens (rated, compared, marked seen) are items placed by their metadata.
    const fm = this.deps.profile.fitModel(this.seen());
    if (!fm)
      throw new AppError(
        'NO_MODEL',
        'There is no trained model yet: train it first, then the arena can ask.',
      );
    const model = fm.params;
    const stored = this.deps.profile.predictor();
    return {
      model,
      itemOf: fm.itemOf,
      key: fm.key,
      posterior:
        stored && stored.model.id === model.id
          ? stored.posterior
          : IncrementalTheta.fresh(model, DEFAULT_SLOPE).posterior,
    };
  }
}
