// One "rate a title" flow: the title against titles you rated, each anchor taken at the middle of
// the current interval (search.ts), until the interval is narrow or the steps run out; then the
// rating is saved through the profile (which updates theta like any rating). Anchors are your rated
// titles, so a series or a film outside MovieLens lands on your scale through titles you know; for
// a title the model places (trained on it, or from its metadata: a 2024 film, a series), its
// prediction is the prior (fewer questions).
import type { Database } from 'better-sqlite3';
import { AppError } from '../../errors.ts';
import type { ModelParams } from '../../model/types.ts';
import type { Predictor } from '../../profile/predictor.ts';
import { FIT_MIN_VOTES, type ProfileService } from '../../profile/service.ts';
import { updateSession } from '../store.ts';
import type { RateAnswer, RatePrior, RateResult, RateState, RateStep, TitleCard } from '../types.ts';
import { ACCIDENTAL_MS } from '../arena/session.ts';
import { cardOf } from '../titles.ts';
import { RatingSearch, type Outcome, type Prior, type SearchOptions } from './search.ts';

export interface Anchor {
  card: TitleCard & { yourRating: number };
  votes: number;
}

type Answered = { anchor: Anchor; outcome: Outcome | 'skip'; comparisonId: number | null };

export interface RateDeps {
  db: Database;
  profile: ProfileService;
  model(): (ModelParams & { id: number }) | null;
}

/** Your rated titles (but the target), the well-known first within each rating. */
export function anchorsFor(db: Database, target: string): Anchor[] {
  return db
    .prepare<
      [string],
      {
        tconst: string;
        title: string;
        year: number | null;
        type: string;
        genres: string | null;
        rating: number;
        votes: number;
      }
    >(
      `SELECT r.tconst, r.title, r.year, r.title_type AS type, r.genres, r.rating,
              coalesce((SELECT num_votes FROM imdb_ratings i WHERE i.tconst = r.tconst),
                       (SELECT max(ml_votes) * 100 FROM movies m WHERE m.tconst = r.tconst), 0) AS votes
       FROM profile_ratings r WHERE r.tconst <> ? ORDER BY votes DESC, r.tconst`,
    )
    .all(target)
    .map((r) => ({
      // Anchors stand for your rating of them (the rate flow compares with your ratings).
      card: cardOf(r, r.rating, null),
      votes: r.votes,
    }));
}

/**
 * How `predictor` places a title before any answer: the model's prediction for a film it was
 * trained on, or from the title's metadata (a 2024 film, a series); null when neither can.
 */
export function placedPrior(
  predictor: Predictor | null,
  tconst: string,
): { kind: Exclude<RatePrior, 'your-ratings'>; mean: number; sd: number } | null {
  const placed = predictor?.predictTitle(tconst);
  if (!placed) return null;
  const { mean, variance } = placed.predicted;
  return { kind: placed.item >= 0 ? 'model' : 'metadata', mean, sd: Math.sqrt(variance) };
}

/** The predictor the rate flow places titles with: the fit's vote floor (a title you rate counts
 * in your fit whatever its votes). */
export const ratePredictor = (profile: ProfileService): Predictor | null => profile.predictor(FIT_MIN_VOTES);

/** The model's predictive distribution where it places the title, else the spread of your ratings. */
export function priorFor(
  profile: ProfileService,
  tconst: string,
  anchors: readonly Anchor[],
): { kind: RatePrior; prior: Prior } {
  const placed = placedPrior(ratePredictor(profile), tconst);
  if (placed) return { kind: placed.kind, prior: { kind: 'normal', mean: placed.mean, sd: placed.sd } };
  return { kind: 'your-ratings', prior: { kind: 'ratings', ratings: anchors.map((a) => a.card.yourRating) } };
}

export class RateSession {
  readonly id: number;
  readonly target: TitleCard & { item: number };
  private readonly deps: RateDeps;
  private readonly search: RatingSearch;
  private readonly priorKind: RatePrior;
  private readonly anchors: Anchor[];
  private readonly answered: Answered[] = [];
  private readonly trail: RateStep[] = [];
  private current: Anchor | null = null;
  private shownAt = Date.now();
  private saved = false;

  constructor(
    id: number,
    deps: RateDeps,
    target: TitleCard & { item: number },
    options: Partial<SearchOptions> = {},
  ) {
    this.id = id;
    this.deps = deps;
    this.anchors = anchorsFor(deps.db, target.tconst);
    if (this.anchors.length === 0)
      throw new AppError(
        'NO_DATA',
        'Rate a few titles first: a title is placed on your scale by comparing it with titles you rated.',
      );
    const { kind, prior } = priorFor(deps.profile, target.tconst, this.anchors);
    this.priorKind = kind;
    // A title its metadata places shows so on its card, like the arena's.
    this.target = kind === 'metadata' ? { ...target, source: 'metadata' } : target;
    this.search = new RatingSearch(prior, options);
    this.trail.push({ step: 0, ...this.interval(), anchor: null, won: null, tie: false });
    this.choose();
  }

  state(): RateState {
    const e = this.interval();
    return {
      sessionId: this.id,
      target: this.target,
      prior: this.priorKind,
      anchor: this.current?.card ?? null,
      steps: [...this.trail],
      skipped: this.search.skipped,
      ...e,
      rating: this.search.current().middle,
      done: this.current === null,
      stopped: this.stopped(),
      maxSteps: this.search.options.maxSteps,
      saved: this.saved,
      canUndo: this.answered.length > 0 && !this.saved,
    };
  }

  /**
   * `a`: the title wins, `b`: the anchor wins, `tie`: about the same, `skip`: cannot compare (the
   * prompt counts toward maxSteps; another anchor is asked, not at the same rating straight away).
   */
  answer(answer: RateAnswer, now = Date.now()): RateState {
    const anchor = this.current;
    if (!anchor || this.saved)
      throw new AppError('NOT_FOUND', 'This rating is finished: save it or start again.');
    if (answer === 'skip') {
      this.search.skip(anchor.card.yourRating);
      this.answered.push({ anchor, outcome: 'skip', comparisonId: null });
    } else {
      const outcome: Outcome = answer === 'a' ? 'win' : answer === 'b' ? 'lose' : 'tie';
      const ms = now - this.shownAt;
      const tie = outcome === 'tie';
      const { id } = this.deps.profile.recordComparison({
        winner: outcome === 'lose' ? anchor.card.tconst : this.target.tconst,
        loser: outcome === 'lose' ? this.target.tconst : anchor.card.tconst,
        tie,
        source: 'rate',
        a: this.target.tconst,
        b: anchor.card.tconst,
        answer: answer === 'tie' ? '=' : answer,
        pA: this.search.winProbability(anchor.card.yourRating),
        ms,
        flagged: ms < ACCIDENTAL_MS && this.answered.some((x) => x.outcome !== 'skip'),
        sessionId: this.id,
      });
      this.search.answer(anchor.card.yourRating, outcome);
      this.answered.push({ anchor, outcome, comparisonId: id });
      this.trail.push({
        step: this.search.steps,
        ...this.interval(),
        anchor: { tconst: anchor.card.tconst, title: anchor.card.title, rating: anchor.card.yourRating },
        won: tie ? null : outcome === 'win',
        tie,
      });
    }
    this.choose();
    this.record();
    return this.state();
  }

  undo(): RateState {
    if (this.saved)
      throw new AppError('INVALID_INPUT', 'This rating is saved: undo it from the toast or rate again.');
    const last = this.answered.pop();
    if (!last) throw new AppError('NOT_FOUND', 'Nothing to undo: no answers yet.');
    if (last.comparisonId !== null) {
      this.deps.profile.undoComparison(last.comparisonId);
      this.search.undo();
      this.trail.pop();
    } else this.search.undoSkip();
    this.current = last.anchor;
    this.shownAt = Date.now();
    this.record();
    return this.state();
  }

  /** Saves the rating (the middle of the interval) as yours; theta is updated like for any rating. */
  save(): RateResult {
    const rating = this.search.current().middle;
    this.deps.profile.rate(this.target.tconst, rating);
    this.saved = true;
    this.current = null;
    this.record();
    return this.result();
  }

  result(): RateResult {
    const e = this.interval();
    return {
      tconst: this.target.tconst,
      title: this.target.title,
      rating: this.search.current().middle,
      low: e.low,
      high: e.high,
      steps: this.search.steps,
      skipped: this.search.skipped,
      saved: this.saved,
    };
  }

  private interval(): { estimate: number; low: number; high: number } {
    const e = this.search.current();
    return { estimate: Math.round(e.estimate * 100) / 100, low: e.low, high: e.high };
  }

  private stopped(): RateState['stopped'] {
    if (this.current) return null;
    const e = this.search.current();
    if (e.high - e.low < this.search.options.stopWidth) return 'narrow';
    return this.search.prompts >= this.search.options.maxSteps ? 'max-steps' : 'no-anchors';
  }

  /**
   * The next anchor: an unused title you rated at the rating the search asks about (no title is
   * asked twice). After a skip that rating waits a turn: the next most telling one is asked, so a
   * rating level whose titles you cannot compare does not eat the prompts.
   */
  private choose(): void {
    this.current = null;
    if (this.search.done()) return;
    const used = new Set(this.answered.map((a) => a.anchor.card.tconst));
    const free = this.anchors.filter((a) => !used.has(a.card.tconst));
    const last = this.answered.at(-1);
    const resting = last?.outcome === 'skip' ? last.anchor.card.yourRating : null;
    const levels = free.map((a) => a.card.yourRating);
    const rating =
      this.search.nextAnchorRating(levels.filter((r) => r !== resting)) ??
      this.search.nextAnchorRating(levels);
    this.current = rating === null ? null : free.find((a) => a.card.yourRating === rating)!;
    this.shownAt = Date.now();
  }

  private record(): void {
    const n = this.answered;
    updateSession(
      this.deps.db,
      this.id,
      {
        answered: n.filter((a) => a.outcome !== 'skip').length,
        skipped: n.filter((a) => a.outcome === 'skip').length,
        notSeen: 0,
      },
      this.current ? null : this.result(),
      this.current === null,
    );
  }
}
