// Matches Letterboxd rows (a name and a year, no IMDb id) to titles through the search index.
// Confident only when exactly one title fits, trying in turn: its exact name (accents, articles,
// punctuation, numbers and abbreviations folded; any of its IMDb or MovieLens names) in the same
// year; the same a year off (release dates and IMDb years disagree at the edges); a catalogue entry
// of that name with no year at all, when it is the only one; a spelling within an edit or two of a
// whole name in the same year; or one name being the other plus a subtitle or a possessive ("Tron" /
// "Tron: Legacy", "The Lorax" / "Dr. Seuss' The Lorax") in the same year. Several titles that fit
// equally (remakes, a film and its TV version) and names that fit nothing become rows for the user
// to resolve, with the likeliest candidates.
import { editDistance } from './distance.ts';
import {
  compactKey,
  foldedKey,
  foldEquivalents,
  nameForms,
  titleWords,
  withoutArticle,
} from '../catalogue/normalise.ts';
import type { RankedTitle, TitleSearcher } from './query.ts';
import type { MatchHow, TitleQuery } from './types.ts';

/** How many candidates an unresolved row offers. */
const OFFERED = 5;

export interface EntryMatch {
  status: 'matched' | 'ambiguous' | 'unmatched';
  how: MatchHow | null;
  title: RankedTitle | null;
  candidates: RankedTitle[];
}

export function matchEntry(searcher: TitleSearcher, e: TitleQuery): EntryMatch {
  const keys = [...new Set([compactKey(e.name), titleWords(e.name).join(''), foldedKey(e.name)])].filter(
    (k) => k !== '',
  );
  const exact = dedupe(keys.flatMap((k) => searcher.byKey(k)));
  if (e.year === null) return decide(exact, 'no year', exact);
  const year = e.year;
  const sameYear = exact.filter((t) => spans(t, year, 0));
  if (sameYear.length) return decide(sameYear, 'exact', exact);
  const nearYear = exact.filter((t) => spans(t, year, 1));
  if (nearYear.length) return decide(nearYear, 'year ±1', exact);
  // MovieLens lists a few films without a year: the only title of that name is the one.
  if (exact.length === 1 && exact[0]!.year === null) return decide(exact, 'no year', exact);

  const found = searcher.search(`${e.name} ${year}`, { limit: 20 });
  const offered = dedupe([...exact, ...found]).slice(0, OFFERED);
  const pieces = piecesOf(e.name).flatMap((k) => searcher.byKey(k));
  const inYear = dedupe([...found, ...pieces]).filter((t) => spans(t, year, 0));
  const key = foldedKey(e.name);
  const allowed = Math.max(1, Math.floor(Array.from(key).length / 6));
  const close = found
    .filter((t) => spans(t, year, 0))
    .filter((t) => t.names.some((n) => editDistance(key, compactKey(n), allowed) <= allowed));
  if (close.length === 1) return { status: 'matched', how: 'spelling', title: close[0]!, candidates: [] };
  if (close.length === 0) {
    const part = inYear.filter((t) => extends_(t, e.name));
    if (part.length === 1)
      return { status: 'matched', how: 'part of title', title: part[0]!, candidates: [] };
  }
  return { status: offered.length ? 'ambiguous' : 'unmatched', how: null, title: null, candidates: offered };
}

/** Shorter names the title may be listed under: the part before a subtitle, and the runs of two or
 * more words at either end ("Fast & Furious 7" -> "furious 7"), as compact keys. */
function piecesOf(name: string): string[] {
  const out = new Set<string>();
  const main = name.split(/:| - | \(|–/)[0]!.trim();
  if (main && main !== name.trim()) out.add(compactKey(main));
  const w = foldEquivalents(withoutArticle(titleWords(name)));
  if (w.length <= 8)
    for (let i = 1; i < w.length; i++) {
      if (w.length - i >= 2) out.add(w.slice(i).join(''));
      if (i >= 2) out.add(w.slice(0, i).join(''));
    }
  out.delete('');
  return [...out];
}

/**
 * Whether one name is the other plus whole words before or after it: a subtitle ("Tron" / "Tron:
 * Legacy", "Zathura: A Space Adventure" / "Zathura"), a possessive ("Life of Brian" / "Monty
 * Python's Life of Brian"), a sequel's prefix ("Furious 6" / "Fast & Furious 6"). Compared as
 * folded words at word boundaries; a one-word name only as the part before a subtitle.
 */
function extends_(t: RankedTitle, name: string): boolean {
  const words = (s: string) => s.split(' ').length;
  const starts = (long: string, short: string) => ` ${long} `.startsWith(` ${short} `);
  const ends = (long: string, short: string) => ` ${long} `.endsWith(` ${short} `);
  for (const f of nameForms(name).spaced) {
    for (const n of t.names) {
      if (f === n) continue;
      if (starts(n, f) && (words(f) >= 2 || /[:–(]| - /.test(t.title))) return true;
      if (starts(f, n) && (words(n) >= 2 || /[:–(]| - /.test(name))) return true;
      if ((ends(n, f) && words(f) >= 2) || (ends(f, n) && words(n) >= 2)) return true;
    }
  }
  return false;
}

/** One title fits: matched. Several: ambiguous, unless one is the only feature film among them. */
function decide(fits: RankedTitle[], how: MatchHow, offered: RankedTitle[]): EntryMatch {
  if (fits.length === 0) return { status: 'unmatched', how: null, title: null, candidates: [] };
  if (fits.length === 1) return { status: 'matched', how, title: fits[0]!, candidates: [] };
  // Letterboxd lists films first: a film and a TV film or series of the same name and year.
  const films = fits.filter((t) => t.titleType === 'movie');
  if (films.length === 1) return { status: 'matched', how, title: films[0]!, candidates: [] };
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
