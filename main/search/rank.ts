// How a search ranks what the index offered: the query parsed (words with and without the
// article, compact and folded forms, a trailing year), each title's match quality against its names
// (exact, prefix, word starts, substring), fuse.js and word edit distances for the fuzzy ones, and
// the order: the query's year, then quality, then popularity (the index's rowid).
import Fuse from 'fuse.js';
import { editDistance, prefixDistance, withinDistance } from './distance.ts';
import { foldEquivalents, titleWords, withoutArticle } from '../catalogue/normalise.ts';

const FUZZY_THRESHOLD = 0.4;
const YEAR = /^(.*\S)\s+\(?((?:18|19|20)\d\d)\)?$/;

export const length = (s: string) => Array.from(s).length;

export interface Candidate {
  id: number;
  names: string[];
  year: number | null;
  endYear: number | null;
  tier: number;
  fuzz: number;
  /** Fuzzy only: edits from the query's words to the closest words of a name (the last may be half typed). */
  cost: number;
  /** Fuzzy only: 0 when the query is within an edit or two of a whole name. */
  far: number;
}

export interface ParsedQuery {
  words: string[];
  bare: string[];
  /** Compact forms, with the article and without. */
  compact: string[];
  /** A trailing year ("dune 1984"): preferred, not required. */
  year: number | null;
}

export function parseQuery(query: string): ParsedQuery | null {
  let text = query.trim();
  let year: number | null = null;
  const y = YEAR.exec(text);
  if (y && titleWords(y[1]!).length > 0) {
    text = y[1]!;
    year = Number(y[2]);
  }
  const words = titleWords(text);
  if (words.length === 0) return null;
  const bare = withoutArticle(words);
  const compact = [...new Set([words.join(''), bare.join(''), foldEquivalents(bare).join('')])];
  return { words, bare, compact, year };
}

/** How a title's names meet the query: 0 exact, 1 prefix, 2 word starts, 3 substring, 4 none. */
export function tierOf(q: ParsedQuery, names: string[]): number {
  let best = 4;
  const key = q.bare.join('');
  for (const spaced of names) {
    const compact = spaced.replaceAll(' ', '');
    for (const c of q.compact) {
      if (compact === c) return 0;
      if (best > 1 && compact.startsWith(c)) best = 1;
    }
    if (best > 2) {
      const words = spaced.split(' ');
      if (q.bare.every((w) => words.some((x) => x.startsWith(w)))) best = 2;
      else if (best > 3 && compact.includes(key)) best = 3;
    }
  }
  return best;
}

/** fuse.js over every name of the loose candidates: a title keeps its best name's score. */
export function fuzzyScores(q: ParsedQuery, loose: Candidate[]): Candidate[] {
  if (loose.length === 0) return [];
  const names: string[] = [];
  const owner: number[] = [];
  loose.forEach((c, i) =>
    c.names.forEach((n) => {
      names.push(n);
      owner.push(i);
    }),
  );
  const pattern = q.bare.join(' ');
  const key = q.bare.join('');
  // About one edit per four characters (at least one): "matrx" -> matrix, not "amelie" -> limelight.
  const allowed = Math.max(1, Math.floor(length(key) / 4));
  const fuse = new Fuse(names, {
    includeScore: true,
    ignoreLocation: true,
    threshold: Math.min(FUZZY_THRESHOLD, (allowed + 0.5) / length(pattern)),
    isCaseSensitive: true, // names and query are folded already
  });
  const best = new Map<number, number>();
  for (const hit of fuse.search(pattern)) {
    const i = owner[hit.refIndex]!;
    const s = hit.score ?? 1;
    if (!(s >= (best.get(i) ?? Infinity))) best.set(i, s);
  }
  return [...best].flatMap(([i, score]) => {
    const c = loose[i]!;
    // fuse.js scores "matrx" in "matrimony" like "matrx" in "matrix": prefer whole-name matches.
    const near = c.names.some((n) =>
      [n.replaceAll(' ', ''), withoutArticle(n.split(' ')).join('')].some((k) =>
        withinDistance(key, k, allowed),
      ),
    );
    const cost = wordCost(q, c.names);
    // Within about an edit per four characters of the closest words: no "amelie" -> "shameless".
    return cost <= allowed ? [{ ...c, tier: 4, fuzz: score, cost, far: near ? 0 : 1 }] : [];
  });
}

/** Edits from each query word to its closest word in one name (best name), each capped at 3. */
function wordCost(q: ParsedQuery, names: string[]): number {
  let best = Infinity;
  for (const name of names) {
    const words = name.split(' ');
    let cost = 0;
    q.bare.forEach((w, i) => {
      const last = i === q.bare.length - 1;
      let d = 3;
      for (const x of words) {
        d = Math.min(d, editDistance(w, x, d));
        // A half-typed last word may match the start of a word, a little behind a whole word.
        if (last) d = Math.min(d, prefixDistance(w, x, d) + 0.5);
      }
      cost += d;
    });
    best = Math.min(best, cost);
  }
  return best;
}

export function sortCandidates(q: ParsedQuery, list: Candidate[]): Candidate[] {
  const yearMiss = (c: Candidate) => {
    if (q.year === null || c.year === null) return 0;
    if (c.year === q.year || (c.endYear !== null && c.year <= q.year && q.year <= c.endYear)) return 0;
    return Math.abs(c.year - q.year) === 1 ? 1 : 2;
  };
  return list.sort(
    (a, b) =>
      yearMiss(a) - yearMiss(b) ||
      a.tier - b.tier ||
      a.cost - b.cost ||
      a.far - b.far ||
      // fuse.js's score, coarsely: small differences of name length should not outrank popularity.
      Math.round(a.fuzz * 4) - Math.round(b.fuzz * 4) ||
      a.id - b.id,
  );
}
