// The Letterboxd import's types: a rated row of an export, the summary profile_imports keeps, and
// the rows left for the user to resolve. Pure types (the IPC contract and the UI import them).
import type { MatchHow, SearchHit, TitleQuery } from '../../search/types.ts';
import type { FitSummary, ImportSummary } from '../types.ts';

/** A rated row of a Letterboxd ratings.csv or diary.csv. */
export interface LetterboxdEntry extends TitleQuery {
  /** The CSV line it starts on: the ROW of `import-ratings FILE --resolve ROW=TCONST`. */
  line: number;
  /** On the user's 1-10 scale: Letterboxd's 0.5-5 stars times 2. */
  rating: number;
  /** YYYY-MM-DD: the diary's Watched Date, else the Date column. */
  date: string | null;
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

// The import's job (its kind keeps the name it had when the import lived in search/: job kinds
// show in `jobs/changed` and the CLI's output).
declare module '../../jobs/types.ts' {
  interface JobResults {
    'search/letterboxd': LetterboxdOutcome;
  }
}
