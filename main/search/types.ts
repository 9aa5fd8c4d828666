// What the search domain shows the UI and the CLI: search hits, the title page, and how a name and
// a year matched a title (what the profile's Letterboxd import asks of it). Pure types (the IPC
// contract imports them).
import type { PosteriorSource } from '../model/types.ts';

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

/** A name and a year to find a title for (a row of a Letterboxd export, say). */
export interface TitleQuery {
  /** Where it came from (a CSV line): the matches repeat it. */
  line: number;
  name: string;
  year: number | null;
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
  }
}
