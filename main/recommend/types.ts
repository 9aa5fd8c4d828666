// What the recommend domain shows the UI and the CLI: a refresh's request and its ranked titles,
// why a title was recommended, your marks (seen, watchlist, not interested) and the tuning knobs.
// Pure types (the IPC contract and the worker contract import them).
import type { PosteriorSource } from '../model/types.ts';
import type { CatalogueTitle } from '../catalogue/titles.ts';
import type { NoEvents } from '../worker/contract.ts';

export type Mark = 'seen' | 'watchlist' | 'not-interested';
export type GenreMode = 'any' | 'all';
/** movie: films (and TV films, specials); series: TV series and mini-series. */
export type TitleKind = 'movie' | 'series';

export interface RecommendFilters {
  /** Genre names as the dataset writes them (MovieLens: Drama, Sci-Fi...). */
  genres?: string[];
  /** any: at least one of the genres; all: every one of them. */
  genreMode?: GenreMode;
  yearMin?: number;
  yearMax?: number;
  /** At least this many IMDb votes (MovieLens ratings for titles without an IMDb rating). */
  minVotes?: number;
  runtimeMin?: number;
  runtimeMax?: number;
  type?: TitleKind;
}

export interface RecommendRequest extends RecommendFilters {
  topN?: number;
  /** Same seed, same list; none: a fresh draw (the result says which seed it used). */
  seed?: number;
  /** 0 = the posterior-mean ranking, 1 = a full Thompson draw; default from the tuning. */
  explore?: number;
  /** Adds `why` to every title (the CLI's --show-details). */
  details?: boolean;
}

/** How the list is scored (Settings → Recommendations); defaults measured, see README. */
export interface RecommendTuning {
  /** Default explore level of a refresh (0..1). */
  explore: number;
  /** Sampled uncertainty of a title is scaled by n / (n + shrinkVotes), n its MovieLens ratings. */
  shrinkVotes: number;
  /** Points taken off per point a draw lies beyond `consensusTolerance` from the IMDb consensus. */
  consensusStrength: number;
  consensusTolerance: number;
  /** Weight of "people who watched what you watched also watched this" (the implicit model). */
  implicitWeight: number;
  /**
   * A title without training ratings (placed by its metadata alone) ranks at its mean minus this many
   * posterior deviations of its expected rating: such a placement is uncertain. Measured (README).
   */
  coldDeviations: number;
  /** Points per tenfold IMDb votes (0 at 1,000) added to such a title: its audience. Measured (README). */
  coldPopularity: number;
}

export interface Recommendation {
  tconst: string;
  title: string;
  year: number | null;
  genres: string[];
  /** Your predicted rating on your 1-10 scale and its central 80% interval. */
  predicted: number;
  low: number;
  high: number;
  imdbRating: number | null;
  imdbVotes: number | null;
  runtime: number | null;
  titleType: string;
  /** MovieLens ratings of the title in the training data. */
  mlVotes: number;
  /** What the list was ranked by (the draw, adjusted), on your scale. */
  score: number;
  /** Where the prediction comes from: the title's own MovieLens ratings, or its IMDb metadata. */
  source: PosteriorSource;
  mark: Mark | null;
  why?: Explanation;
}

export interface RecommendResult {
  items: Recommendation[];
  seed: number;
  explore: number;
  /** Titles the model can score, and those left after exclusions and filters. */
  candidates: number;
  matching: number;
  /** Whether the implicit model took part (it is trained once per model version). */
  implicit: boolean;
  modelId: number;
  /** Scoring time in the compute worker. */
  ms: number;
}

export interface SimilarFilm {
  tconst: string;
  title: string;
  year: number | null;
  yourRating: number;
  /** Cosine similarity of the two films' taste-factor vectors. */
  similarity: number;
}

export interface FactorReason {
  factor: number;
  /** This factor's share of the prediction, in points on your scale (+ raises it). */
  points: number;
  /** Well-known films at the end of the factor where this title sits. */
  like: string[];
  /** And at the other end. */
  unlike: string[];
}

export interface AlsoWatched {
  tconst: string;
  title: string;
  year: number | null;
  weight: number;
}

export interface Explanation {
  summary: string;
  similar: SimilarFilm[];
  factors: FactorReason[];
  /** Films you rated or saw that people who watched them also watched with this one. */
  alsoWatched: AlsoWatched[];
}

/** What the catalogue knows about a title (MovieLens and IMDb together) and your marks on it. */
/** A catalogue title's facts as the details panel and `predict` show them, with your mark. */
export interface TitleFacts extends Omit<CatalogueTitle, 'movieIds'> {
  mark: Mark | null;
}

/** Everything the details panel and `predict` show about one title. */
export interface TitleDetails extends TitleFacts {
  /** null when neither the ratings nor the metadata model place the title, or there is no fit yet. */
  predicted: number | null;
  low: number | null;
  high: number | null;
  /** Where the prediction comes from (null with no prediction). */
  source: PosteriorSource | null;
  /** For a title placed by its metadata it starts with what placed it (director, cast...). */
  why: Explanation | null;
}

export interface MarkedTitle {
  tconst: string;
  mark: Mark;
  markedAt: string;
  title: string;
  year: number | null;
  genres: string[];
  /** Your predicted rating and 80% interval, when the model knows the title and you have a fit. */
  predicted: number | null;
  low: number | null;
  high: number | null;
  imdbRating: number | null;
}

export interface MarkChange {
  tconst: string;
  mark: Mark | null;
  /** What it was before (undo sets it back). */
  previous: Mark | null;
}

/** What the compute worker's 'recommend/score' task is given. */
export interface ScoreTaskInput {
  dbFile: string;
  request: Omit<RecommendRequest, 'details'> & { seed: number; explore: number };
  tuning: RecommendTuning;
  /** The catalogue's vote floor for titles outside MovieLens (Settings → Data). */
  minVotes: number;
}

export interface ImplicitOptions {
  /** The most-rated items that get a row and a column (the Gram matrix is cap x cap). */
  cap: number;
  /** Ridge on the Gram matrix's diagonal. */
  lambda: number;
  /** Weights kept per row (largest magnitude). */
  neighbours: number;
  /** Co-occurrence pairs counted at most: users are taken in a seeded random order until this is
   * reached (bounds the Gram matrix's cost on ml-25m and up; ml-latest-small needs ~2% of it). */
  maxPairs: number;
}

/** The EASE item-item weights over model item indices, as sparse rows. */
export interface ImplicitModel {
  items: Int32Array;
  offsets: Int32Array;
  cols: Int32Array;
  weights: Float32Array;
  options: ImplicitOptions;
  /** MovieLens users whose films were counted (all of them unless maxPairs was reached). */
  users: number;
  seconds: number;
}

export interface ImplicitTaskInput {
  dbFile: string;
  modelId: number;
  options: Partial<ImplicitOptions>;
}

/** The 'recommend/invalidated' event: why a shown list is out of date (besides taste and model). */
export interface RecommendInvalidated {
  reason: 'implicit';
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    'recommend/implicit': { seconds: number; items: number };
  }
}

// This domain's events (its part of the EventMap the UI hears).
declare module '../events.ts' {
  interface EventMap {
    /** The list's inputs changed besides your taste and the model (the implicit model landed). */
    'recommend/invalidated': RecommendInvalidated;
  }
}

// This domain's compute-worker tasks (its part of the worker's TaskMap).
declare module '../worker/contract.ts' {
  interface TaskMap {
    'recommend/score': { input: ScoreTaskInput; output: RecommendResult; events: NoEvents };
    'recommend/implicit': { input: ImplicitTaskInput; output: ImplicitModel; events: NoEvents };
  }
}
