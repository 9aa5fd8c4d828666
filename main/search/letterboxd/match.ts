// Matches Letterboxd rows (a name and a year, no IMDb id) to titles through the search index.
// Confident only when one title fits: its exact name (accents, articles and punctuation folded, any
// of its IMDb or MovieLens names) and the same year, else the year one off (release dates and IMDb
// years disagree at the edges), else a spelling within an edit or two of a whole name in the same
// year. Several titles that fit equally (remakes, a film and its TV version) and names that fit
// nothing become rows for the user to resolve, with the likeliest candidates.
import { editDistance } from '../distance.ts';
import { compactKey, titleWords } from '../normalise.ts';
import type { RankedTitle, TitleSearcher } from '../query.ts';
import type { LetterboxdEntry, MatchHow } from '../types.ts';

/** How many candidates an unresolved row offers. */
const OFFERED = 5;

export interface EntryMatch {
  status: 'matched' | 'ambiguous' | 'unmatched';
  how: MatchHow | null;
  title: RankedTitle | null;
  candidates: RankedTitle[];
}

export function matchEntry(searcher: TitleSearcher, e: LetterboxdEntry): EntryMatch {
  const keys = [...new Set([compactKey(e.name), titleWords(e.name).join('')])].filter((k) => k !== '');
  const exact = dedupe(keys.flatMap((k) => searcher.byKey(k)));
  if (e.year === null) return decide(exact, 'no year', exact);
  const sameYear = exact.filter((t) => spans(t, e.year!, 0));
  if (sameYear.length) return decide(sameYear, 'exact', exact);
  const nearYear = exact.filter((t) => spans(t, e.year!, 1));
  if (nearYear.length) return decide(nearYear, 'year ±1', exact);
  // No exact name in those years: a close spelling of a whole name, same year.
  const found = searcher.search(`${e.name} ${e.year}`, { limit: 20 });
  const key = compactKey(e.name);
  const allowed = Math.max(1, Math.floor(Array.from(key).length / 6));
  const close = found.filter(
    (t) => spans(t, e.year!, 0) && t.names.some((n) => editDistance(key, compactKey(n), allowed) <= allowed),
  );
  const offered = dedupe([...exact, ...found]).slice(0, OFFERED);
  if (close.length === 1) return { status: 'matched', how: 'spelling', title: close[0]!, candidates: [] };
  return { status: offered.length ? 'ambiguous' : 'unmatched', how: null, title: null, candidates: offered };
}

/** One title fits: matched. Several: ambiguous, unless one is the only feature film among them. */
function decide(fits: RankedTitle[], how: MatchHow, offered: RankedTitle[]): EntryMatch {
  if (fits.length === 0) return { status: 'unmatched', how: null, title: null, candidates: [] };
  if (fits.length === 1) return { status: 'matched', how, title: fits[0]!, candidates: [] };
  // Letterboxd lists films first: a film and a TV film or series of the same name and year.
  const films = fits.filter((t) => t.titleType === 'movie');
  if (films.length === 1 && fits.every((t) => t === films[0] || t.titleType !== 'movie'))
    return { status: 'matched', how, title: films[0]!, candidates: [] };
  return {
    status: 'ambiguous',
    how: null,
    title: null,
    candidates: dedupe([...fits, ...offered]).slice(0, OFFERED),
  };
}

/** Whether the title's years (a series runs start..end) are within `slack` of the year. */
function spans(t: RankedTitle, year: number, slack: number): boolean {
  if (t.year === null) return false;
  const end = t.endYear ?? t.year;
  return t.year - slack <= year && year <= end + slack;
}

function dedupe(list: RankedTitle[]): RankedTitle[] {
  const seen = new Set<string>();
  return list.filter((t) => !seen.has(t.tconst) && seen.add(t.tconst));
}
