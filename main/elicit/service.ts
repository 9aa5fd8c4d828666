// Preference elicitation's operations: arena sessions (pairs chosen to teach the most about your
// taste, answered, skipped, marked not seen, undone) and rate flows (find a title, place it on your
// scale in a few comparisons, save it). Sessions live in memory while they run and are logged in
// elicit_sessions; every answer is a stored profile comparison.
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { RecommendService } from '../recommend/service.ts';
import type { SearchService } from '../search/service.ts';
import { ArenaSession, type ArenaOptions } from './arena/session.ts';
import { placedPrior, ratePredictor, RateSession } from './rate/session.ts';
import { createSession } from './store.ts';
import { findTitles, titleCard } from './titles.ts';
import type {
  ArenaAnswer,
  ArenaState,
  RateAnswer,
  RateMatch,
  RateResult,
  RateState,
  TopEntry,
} from './types.ts';

/** Titles in the recommendations top the arena follows. */
const TOP = 10;
/** Sessions kept at once (a window left open; the CLI); the oldest is dropped beyond this. */
const MAX_SESSIONS = 8;

export class ElicitService {
  private readonly app: AppContext;
  private readonly model: ModelService;
  private readonly profile: ProfileService;
  private readonly recommend: RecommendService;
  private readonly search: SearchService;
  private readonly arenas = new Map<number, ArenaSession>();
  private readonly rates = new Map<number, RateSession>();

  constructor(
    app: AppContext,
    deps: {
      model: ModelService;
      profile: ProfileService;
      recommend: RecommendService;
      search: SearchService;
    },
  ) {
    this.app = app;
    this.model = deps.model;
    this.profile = deps.profile;
    this.recommend = deps.recommend;
    this.search = deps.search;
  }

  private deps() {
    return { db: this.app.db, profile: this.profile, model: () => this.model.active() };
  }

  private arenaDeps() {
    return {
      ...this.deps(),
      marks: () => {
        const all = this.recommend.markedTconsts();
        return {
          seen: all.filter((m) => m.mark === 'seen').map((m) => m.tconst),
          unwatched: all.filter((m) => m.mark !== 'seen').map((m) => m.tconst),
        };
      },
      top: () => this.recommendationsTop(),
    };
  }

  /** The top of your recommendations as the arena follows it: the posterior-mean ranking (explore 0). */
  private async recommendationsTop(): Promise<Omit<TopEntry, 'previousRank'>[] | null> {
    try {
      const { items } = await this.recommend.recommend({ explore: 0, topN: TOP, seed: 1 });
      return items.map((r, i) => ({
        tconst: r.tconst,
        title: r.title,
        year: r.year,
        predicted: r.predicted,
        rank: i + 1,
      }));
    } catch (err) {
      // No fit yet (nothing rated the model knows): the arena works without the list.
      if (err instanceof AppError && (err.code === 'NO_DATA' || err.code === 'NO_MODEL')) return null;
      throw err;
    }
  }

  arenaStart(options: ArenaOptions): ArenaState {
    if (!this.model.active())
      throw new AppError(
        'NO_MODEL',
        'There is no trained model yet: train it first, then the arena can ask.',
      );
    const id = createSession(this.app.db, 'calibrate', options.rule);
    const session = new ArenaSession(id, this.arenaDeps(), options);
    keep(this.arenas, id, session);
    return session.state();
  }

  /** The session with the top of your recommendations read again (after an answer, off its path). */
  arenaTop(sessionId: number): Promise<ArenaState> {
    return this.arena(sessionId).followTop();
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
  findTitles(query: string, options: { year?: number; limit?: number } = {}): Promise<RateMatch[]> {
    const predictor = ratePredictor(this.profile);
    return findTitles(
      this.app.db,
      this.search,
      this.model.active(),
      query,
      options,
      (t) => placedPrior(predictor, t)?.kind ?? 'your-ratings',
    );
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

  rateAnswer(sessionId: number, answer: RateAnswer): RateState {
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
