// What the profile domain shows the UI and the CLI: import summaries, ratings, comparisons, the
// fitted taste vector and how it reads. Pure types (the IPC contract imports them).
import type { TitleType } from './imdb-export/title-types.ts';
import type { ThetaPosterior } from './theta/types.ts';
import type { RunHooks } from './fitter.ts';

/** What other domains see of the taste posterior and of a fit's hooks. */
export type { RunHooks, ThetaPosterior };
export type { FitModel } from './fit-model.ts';
import type { ProfileSummary } from '../status/types.ts';
import type { PosteriorSource } from '../model/types.ts';
import type { NoEvents } from '../worker/contract.ts';

/** current: 2024+ quoted exports; classic: older, no Original Title; legacy-list: pre-2017 list export;
 * letterboxd: a Letterboxd export matched by title and year (search domain). */
export type ExportFormat = 'current' | 'classic' | 'legacy-list' | 'letterboxd';

export interface ImportSummary {
  importId: number;
  file: string;
  format: ExportFormat;
  /** Rated rows in the file. rows = matched + unmatched + skipped. */
  rows: number;
  /** Found in the MovieLens catalogue (these get the model's item factors). */
  matched: number;
  /** Not in MovieLens (series, newer films): kept as known ratings. */
  unmatched: number;
  /** Not kept (episodes, video games...). */
  skipped: number;
  /** Rows per normalised title type (movie, tvSeries...). */
  byType: Partial<Record<TitleType, number>>;
  unmatchedByType: Partial<Record<TitleType, number>>;
  skippedByReason: Record<string, number>;
  /** Rows per Title Type as written in the file (Film, Serie TV...). */
  rawTypes: Record<string, number>;
  /** How the merge went: new ratings, changed ones, identical ones, in-app ratings left as they were. */
  added: number;
  changed: number;
  unchanged: number;
  keptInApp: number;
  /** Rows without a rating, and repeated ids (the later row won). */
  unrated: number;
  duplicates: number;
  /** Matched rows whose film the active model knows (null: no trained model yet). */
  inModel: number | null;
  importedAt: string;
  seconds: number;
  /** What the user should do next, when something is missing (no catalogue, no model). */
  note: string | null;
}

export interface ImportRow {
  line: number;
  tconst: string;
  rating: number;
  title: string;
  year: number | null;
  titleType: string;
  rawType: string;
  status: 'matched' | 'unmatched' | 'skipped';
  movieId: number | null;
  reason: string | null;
  change: string | null;
}

export interface ProfileRating {
  tconst: string;
  rating: number;
  source: 'imported' | 'in-app';
  title: string;
  originalTitle: string | null;
  titleType: string;
  year: number | null;
  genres: string[];
  dateRated: string | null;
  /** MovieLens movieId when the catalogue has it. */
  movieId: number | null;
  /** Whether the active model was trained on it. */
  inModel: boolean;
  /**
   * How the fit reads it: through the model's factors from its ratings, or through those its
   * metadata predicts (a film newer than MovieLens, a series); null when it only anchors comparisons.
   */
  posteriorSource: PosteriorSource | null;
  /** Predicted rating on the user's 1-10 scale, when a fit exists. */
  predicted: number | null;
}

export interface ComparisonRecord {
  id: number;
  winner: { tconst: string; title: string };
  loser: { tconst: string; title: string };
  source: string;
  createdAt: string;
}

export interface FitSummary {
  modelId: number;
  ratingsUsed: number;
  comparisonsUsed: number;
  /** user rating = slope * model rating + offset (1-10 vs 0.5-5 stars). */
  slope: number;
  offset: number;
  fittedAt: string;
  kind: 'full' | 'incremental';
  seconds?: number;
}

export interface FactorFilm {
  tconst: string | null;
  title: string;
  year: number | null;
  loading: number;
}

export interface FactorInsight {
  factor: number;
  /** Posterior mean of theta_k in prior standard deviations (sign: which pole you lean to). */
  strength: number;
  /** How sure: mean / posterior sd. */
  certainty: number;
  leansTo: FactorFilm[];
  awayFrom: FactorFilm[];
}

export interface QuickStartFilm {
  tconst: string;
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
  votes: number;
  mean: number | null;
}

export interface ProfileOverview {
  ratings: number;
  imported: number;
  inApp: number;
  comparisons: number;
  /** Rated titles that are in MovieLens, and those the active model knows. */
  matched: number;
  inModel: number | null;
  hasCatalogue: boolean;
  hasModel: boolean;
  fit: FitSummary | null;
  lastImport: ImportSummary | null;
  imports: number;
  /** Set when the profile cannot be fitted yet, saying what to do. */
  nextStep: string | null;
}

export interface ExportedFile {
  name: string;
  mime: string;
  content: string;
}

/** An import and the fit that followed it (the job's result, the CLI's --json output). */
export type ImportOutcome = ImportSummary & { fit: FitSummary | null; fitError: string | null };

/** What the compute worker's 'profile/fit' task is given: it reads everything else from the database. */
export interface FitTaskInput {
  dbFile: string;
}

/** The posterior the worker fitted, for main to store (the worker never writes). */
export interface FitTaskResult {
  modelId: number;
  posterior: ThetaPosterior;
  ratingsWithoutItem: number;
  comparisonsWithoutItem: number;
  seconds: number;
}

/** What a 'profile/changed' event says changed. */
export type ProfileChange = 'ratings' | 'comparisons' | 'fit';

/** The 'profile/changed' event: the new counts and overview, and which parts changed. */
export interface ProfileChanged {
  profile: ProfileSummary | null;
  overview: ProfileOverview;
  changed: ProfileChange[];
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    'profile/import': ImportOutcome;
    'profile/fit': FitSummary;
  }
}

// This domain's events (its part of the EventMap the UI hears).
declare module '../events.ts' {
  interface EventMap {
    /** Your ratings, comparisons or taste fit changed: the new counts and overview, and which of them. */
    'profile/changed': ProfileChanged;
  }
}

// This domain's compute-worker tasks (its part of the worker's TaskMap).
declare module '../worker/contract.ts' {
  interface TaskMap {
    'profile/fit': { input: FitTaskInput; output: FitTaskResult; events: NoEvents };
  }
}
