// What preference elicitation shows the UI and the CLI: the arena's pairs, its uncertainty meter and
// how the top of your list moved; the rate flow's matches, steps and interval. Pure types (the IPC
// contract imports them).
import type { PosteriorSource } from '../model/types.ts';
import type { SearchHit } from '../search/types.ts';

/** How the arena picks its next pair: expected information about your taste (BALD), the original's
 * maximum entropy (P(A over B) nearest 0.5), or uniformly at random (the baseline). */
export type ArenaRule = 'info' | 'entropy' | 'random';

/** One side of a question. */
export interface TitleCard {
  tconst: string;
  title: string;
  year: number | null;
  /** IMDb's title type: movie, tvSeries, tvMiniSeries... */
  type: string;
  genres: string[];
  /** Your rating (1-10), when you rated it. */
  yourRating: number | null;
  /** A popular title you may not have seen (not rated, never compared): `not seen` is expected. */
  maybeSeen: boolean;
  /** Whether the model was trained on it (it has factors from its ratings). */
  inModel: boolean;
  /**
   * Where its factors come from when the question reads it as an item: its ratings (a trained
   * film) or its metadata (a film newer than MovieLens, a series); null when only your rating of it
   * places it.
   */
  source: PosteriorSource | null;
}

export interface ArenaPair {
  a: TitleCard;
  b: TitleCard;
  /** The model's P(you prefer A over B), before you answer. */
  pA: number;
  /** Expected information about your taste vector from the answer, in bits. */
  bits: number;
}

/** `a` / `b`: you prefer that one; `tie`: about the same; `skip`: you cannot compare them;
 * `not-seen`: you have not seen one. */
export type ArenaAnswer = 'a' | 'b' | 'tie' | 'skip' | 'not-seen';

/** The rate flow's answers: the title (`a`), the anchor (`b`), about the same (`tie`), or skip. */
export type RateAnswer = 'a' | 'b' | 'tie' | 'skip';

export interface TopEntry {
  tconst: string;
  title: string;
  year: number | null;
  /** Posterior mean predicted rating on your 1-10 scale. */
  predicted: number;
  rank: number;
  /** Rank before the last answer (null: it was not in the top). */
  previousRank: number | null;
}

export interface ArenaState {
  sessionId: number;
  rule: ArenaRule;
  /** The question now; null when there is nothing left worth asking (see `message`). */
  pair: ArenaPair | null;
  /** Answers that carry information (a preference or a tie). */
  answered: number;
  ties: number;
  skipped: number;
  notSeen: number;
  /** Whether U can take something back (there are answers in this session). */
  canUndo: boolean;
  /** How sure the model is of your taste: the typical sd of a predicted rating from your taste's
   * uncertainty (1-10 scale), now, at the start of the session, and with no data at all. */
  uncertainty: { now: number; start: number; prior: number };
  /** The top of your list by predicted rating, with the ranks before the last answer. */
  top: TopEntry[];
  /** Titles the last answer pushed out of the top. */
  droppedOut: TopEntry[];
  /** The last answer came very fast right after another: a possible accidental click. */
  lastAnswer: { answer: ArenaAnswer; ms: number; flagged: boolean } | null;
  /** A refit is running (after an undo the fit is redone): the meter and the top follow shortly. */
  refitting: boolean;
  message: string | null;
}

/** A title found for the rate flow: a search hit with your rating of it. */
export interface RateMatch extends SearchHit {
  yourRating: number | null;
  /** Where rating it would start: what places it on your scale before the first answer. */
  prior: RatePrior;
}

export interface RateStep {
  /** 0 is the prior (before any answer). */
  step: number;
  /** Posterior mean rating, and the 80% interval's ends. */
  estimate: number;
  low: number;
  high: number;
  /** The comparison that led here (null for the prior). */
  anchor: { tconst: string; title: string; rating: number } | null;
  /** Null for the prior and for a tie. */
  won: boolean | null;
  tie: boolean;
}

/**
 * Where rating a title starts: the model's prediction for a film it was trained on ('model'), its
 * prediction from the title's metadata for a film newer than MovieLens or a series ('metadata'),
 * or how you rate in general ('your-ratings': nothing places the title).
 */
export type RatePrior = 'model' | 'metadata' | 'your-ratings';

export interface RateState {
  sessionId: number;
  target: TitleCard;
  /** Where the search started (see RatePrior). */
  prior: RatePrior;
  /** The question now: the title against this title you rated; null once done. */
  anchor: (TitleCard & { yourRating: number }) | null;
  steps: RateStep[];
  /** Prompts skipped (they count toward maxSteps with the answered ones). */
  skipped: number;
  estimate: number;
  low: number;
  high: number;
  /** The rating to save: the middle of the interval. */
  rating: number;
  /** The interval is narrower than the stopping width, or the steps ran out. */
  done: boolean;
  /** Why it stopped (or null while running). */
  stopped: 'narrow' | 'max-steps' | 'no-anchors' | null;
  maxSteps: number;
  saved: boolean;
  canUndo: boolean;
}

/** What `rate` prints last: the saved rating and its 80% interval. */
export interface RateResult {
  tconst: string;
  title: string;
  rating: number;
  low: number;
  high: number;
  /** Prompts answered (a preference or a tie), and prompts skipped. */
  steps: number;
  skipped: number;
  saved: boolean;
}

/** What `calibrate` prints last. */
export interface CalibrateResult {
  sessionId: number;
  rule: ArenaRule;
  answered: number;
  ties: number;
  skipped: number;
  notSeen: number;
  uncertainty: { start: number; end: number };
}
