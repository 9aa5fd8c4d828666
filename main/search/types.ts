// What the search domain shows the UI and the CLI: search hits, the title page, and Letterboxd
// import summaries with the rows still to resolve. Pure types (the IPC contract imports them).
import type { PosteriorSource } from '../model/metadata/types.ts';
import type { FitSummary, ImportSummary } from '../profile/types.ts';

/** --type: films (movie, tvMovie, tvSpecial) or series (tvSeries, tvMiniSeries). */
export type TitleKind = 'movie' | 'series';

export interface SearchOptions {
  /** How many hits (default 10). */
  limit?: number;
  type?: TitleKind;
  /** Only titles that started that year. */
  year?: number;
}

/** One search result: the `search --json` objects and what SearchService.search returns. */
export interface SearchHit {
  tconst: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  /** IMDb's title type: movie, tvMovie, tvSeries, tvMiniSeries, tvSpecial. */
  type: string;
  imdbRating: number | null;
  imdbVotes: number | null;
  /** Whether the active model has item factors for it (a prediction is possible). */
  inModel: boolean;
}

/** A rated row of a Letterboxd ratings.csv or diary.csv. */
export interface LetterboxdEntry {
  /** The CSV line it starts on: the ROW of `import-ratings FILE --resolve ROW=TCONST`. */
  line: number;
  name: string;
  year: number | null;
  /** On the user's 1-10 scale: Letterboxd's 0.5-5 stars times 2. */
  rating: number;
  /** YYYY-MM-DD: the diary's Watched Date, else the Date column. */
  date: string | null;
}

/** How a row found its title: exact name and year, year one off, no year to compare, a close
 * spelling, one name the other plus a subtitle or possessive, or the user's pick. */
export type MatchHow = 'exact' | 'year ±1' | 'no year' | 'spelling' | 'part of title' | 'picked';

/** What the matcher decided for one row (confident, or the candidates to pick from). */
export interface RowMatch {
  line: number;
  status: 'matched' | 'ambiguous' | 'unmatched';
  how: MatchHow | null;
  tconst: string | null;
  candidates: SearchHit[];
}

/** A row left for the user: several titles fit (ambiguous) or none did (unmatched). */
export interface UnresolvedRow {
  row: number;
  name: string;
  year: number | null;
  rating: number;
  status: 'ambiguous' | 'unmatched';
  candidates: SearchHit[];
}

export interface LetterboxdSummary {
  importId: number;
  file: string;
  /** Which export file the rows came from. */
  source: 'ratings.csv' | 'diary.csv';
  /** Rated rows in the file (one per film; the diary's latest entry wins). */
  rows: number;
  /** Matched automatically, by how. */
  automatic: number;
  byHow: Partial<Record<MatchHow, number>>;
  /** Rows given a title with --resolve or a pick in the app. */
  resolved: number;
  ambiguous: number;
  unmatched: number;
  /** Rows without a rating, and later diary entries of a film already seen. */
  unrated: number;
  duplicates: number;
}

/** What profile_imports keeps of a Letterboxd import: the usual summary plus how rows matched. */
export type LetterboxdImportSummary = ImportSummary & { letterboxd: LetterboxdSummary };

/** A Letterboxd import and the fit that followed it, with the rows left to resolve
 * (`import-ratings --json` for a Letterboxd file, the import job's result). */
export type LetterboxdOutcome = LetterboxdImportSummary & {
  fit: FitSummary | null;
  fitError: string | null;
  unresolved: UnresolvedRow[];
};

/** The title page: facts, ratings, your rating and the model's prediction for you. */
export interface TitlePage {
  tconst: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  endYear: number | null;
  /** IMDb's title type ('movie' for a MovieLens film IMDb's files here do not list). */
  type: string;
  runtimeMinutes: number | null;
  genres: string[];
  directors: string[];
  /** The first-billed cast, where title.principals and name.basics are loaded. */
  cast: string[];
  imdbRating: number | null;
  imdbVotes: number | null;
  yourRating: { rating: number; source: 'imported' | 'in-app'; dateRated: string | null } | null;
  /** Your predicted rating on your 1-10 scale with its central interval (level 0.8). */
  /** source: from the title's MovieLens ratings, or placed by its IMDb metadata. */
  prediction: { mean: number; low: number; high: number; level: number; source: PosteriorSource } | null;
  /** Why there is no prediction: no model yet, not a film the model knows, no taste fit yet. */
  predictionNote: string | null;
  inModel: boolean;
}

// This domain's jobs and their results (its part of the JobResults map).
declare module '../jobs/types.ts' {
  interface JobResults {
    'search/index': void;
    'search/letterboxd': LetterboxdOutcome;
  }
}
