// Preference elicitation's operations: arena sessions (pairs chosen to teach the most about your
// taste, answered, skipped, marked not seen, undone) and rate flows (find a title, place it on your
// scale in a few comparisons, save it). Sessions live in memory while they run and are logged in
// elicit_sessions; every answer is a stored profile comparison.
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import { ArenaSession, type ArenaOptions } from './arena/session.ts';
import { RateSession } from './rate/session.ts';
import { createSession } from './store.ts';
import { findTitles, titleCard } from './titles.ts';
import type { ArenaAnswer, ArenaState, RateMatch, RateResult, RateState } from './types.ts';

/** Sessions kept at once (a window left open; the CLI); the oldest is dropped beyond this. */
const MAX_SESSIONS = 8;

export class ElicitService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private readonly profile: ProfileService;
  private readonly arenas = new Map<number, ArenaSession>();
  private readonly rates = new Map<number, RateSession>();

  constructor(app: AppContext, deps: { model: ModelService; profile: ProfileService }) {
    this.app = app;
    this.model = deps.model;
    this.profile = deps.profile;
  }

  private deps() {
    return { db: this.app.db, profile: this.profile, model: () => this.model.active() };
  }

  arenaStart(options: ArenaOptions): ArenaState {
    if (!this.model.active())
      throw new AppError(
        'NO_MODEL',
        'There is no trained model yet: train it first, then the arena can ask.',
      );
    const id = createSession(this.app.db, 'calibrate', options.rule);
    const session = new ArenaSession(id, this.deps(), options);
    keep(this.arenas, id, session);
    return session.state();
  }

  arenaState(sessionId: number): ArenaState {
    return this.arena(sessionId).state();
  }

  arenaAnswer(sessionId: number, answer: ArenaAnswer, side?: 'a' | 'b'): ArenaState {
    return this.arena(sessionId).answer(answer, side);
  }

  arenaUndo(sessionId: number): ArenaState {
    return this.arena(sessionId).undo();
  }

  /** Titles to rate for a query (the rate flow's first step). */
  findTitles(query: string, options: { year?: number; limit?: number } = {}): RateMatch[] {
    return findTitles(this.app.db, this.model.active(), query, options);
  }

  rateStart(tconst: string, options: { maxSteps?: number } = {}): RateState {
    const target = titleCard(this.app.db, this.model.active(), tconst);
    if (!target)
      throw new AppError(
        'NOT_FOUND',
        `${tconst} is not in the catalogue or your ratings: import the IMDb titles or MovieLens first.`,
      );
    const id = createSession(this.app.db, 'rate', 'binary-search', tconst);
    const session = new RateSession(id, this.deps(), target, { maxSteps: options.maxSteps });
    keep(this.rates, id, session);
    return session.state();
  }

  rateState(sessionId: number): RateState {
    return this.rate(sessionId).state();
  }

  rateAnswer(sessionId: number, answer: 'a' | 'b' | 'skip'): RateState {
    return this.rate(sessionId).answer(answer);
  }

  rateUndo(sessionId: number): RateState {
    return this.rate(sessionId).undo();
  }

  rateSave(sessionId: number): RateResult {
    return this.rate(sessionId).save();
  }

  rateResult(sessionId: number): RateResult {
    return this.rate(sessionId).result();
  }

  private arena(id: number): ArenaSession {
    const s = this.arenas.get(id);
    if (!s)
      throw new AppError(
        'NOT_FOUND',
        `Arena session #${id} is not open (it ended, or the app restarted): start a new one.`,
      );
    return s;
  }

  private rate(id: number): RateSession {
    const s = this.rates.get(id);
    if (!s)
      throw new AppError(
        'NOT_FOUND',
        `Rating session #${id} is not open (it ended, or the app restarted): start again.`,
      );
    return s;
  }
}

function keep<T>(map: Map<number, T>, id: number, value: T): void {
  map.set(id, value);
  while (map.size > MAX_SESSIONS) map.delete(map.keys().next().value!);
}
