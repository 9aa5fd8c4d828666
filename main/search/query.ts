// One search over the title index (a database connection in, ranked titles out; the search thread
// and Letterboxd matching both use it). Candidates come from the trigram index in popularity order,
// in stages: exact names (however obscure), prefixes, substrings of the query's words, and, when
// those fall short, titles within one edit of each long word (typos). Each candidate is verified
// against its names here, and ranked by rank.ts: match quality, then popularity.
import type { Database, Statement } from 'better-sqlite3';
import {
  fuzzyScores,
  length,
  parseQuery,
  sortCandidates,
  tierOf,
  type Candidate,
  type ParsedQuery,
} from './rank.ts';
import { TrigramCounts, trigramsOf } from './trigrams.ts';
import { Vocabulary } from './typos.ts';
import type { SearchOptions, TitleKind } from './types.ts';

/** A title as the index stores it, with how well it matched. */
export interface RankedTitle {
  id: number;
  tconst: string;
  title: string;
  originalTitle: string | null;
  year: number | null;
  endYear: number | null;
  titleType: string;
  kind: TitleKind;
  imdbRating: number | null;
  imdbVotes: number | null;
  names: string[];
  /** 0 exact, 1 prefix, 2 word starts, 3 substring, 4 fuzzy. */
  tier: number;
  /** fuse.js score of a fuzzy match (0 perfect .. threshold), 0 otherwise. */
  fuzz: number;
}

interface TitleRow {
  id: number;
  tconst: string;
  title: string;
  original_title: string | null;
  year: number | null;
  end_year: number | null;
  title_type: string;
  kind: TitleKind;
  imdb_rating: number | null;
  imdb_votes: number | null;
  names: string;
}

export const DEFAULT_LIMIT = 10;
/** Titles the index offers a stage, most popular first, before verification. */
const EXAMINED = 600;
/** Unverified titles read for the fuzzy stage, most popular first. */
const FUZZY_POOL = 150;
/** Of those, how many (best trigram overlap) fuse.js scores. */
const FUZZY_SCORED = 30;
/** With a year in the query, each stage reads this many times the limit to find that year's titles. */
const YEAR_WIDENING = 10;
/** Queries of one character look at this many of the most popular titles. */
const SHORT_QUERY_POOL = 20_000;
/** One-edit variants of a query word asked for in the fuzzy stage. */
const VARIANTS = 6;

/** One stage: titles the index offers for `match`, kept when `verify` (SQL over t) holds. */
interface Stage {
  match: string | null;
  verify: string;
  args: string[];
  /** Exact names: needed only when the prefix stage (a superset) stopped at its limit. */
  exact?: boolean;
}

export class TitleSearcher {
  private readonly db: Database;
  private readonly trigrams: TrigramCounts;
  private readonly vocabulary: Vocabulary;
  private readonly stmts = new Map<string, Statement<unknown[], unknown>>();

  constructor(db: Database) {
    this.db = db;
    this.trigrams = new TrigramCounts(db);
    this.vocabulary = new Vocabulary(db);
  }

  /** Whether the index has any title (it is built at import). */
  isEmpty(): boolean {
    return this.db.prepare('SELECT 1 FROM search_titles LIMIT 1').get() === undefined;
  }

  search(query: string, opts: SearchOptions = {}): RankedTitle[] {
    const limit = opts.limit ?? DEFAULT_LIMIT;
    const q = parseQuery(query);
    if (!q || limit <= 0) return [];
    this.trigrams.refresh();
    const filter = filterSql(opts);
    const perStage = q.year === null ? limit : limit * YEAR_WIDENING;
    const found = new Map<number, Candidate>();
    const add = (list: Candidate[]) => {
      for (const c of list) if (!found.has(c.id)) found.set(c.id, { ...c, tier: tierOf(q, c.names) });
    };
    let prefixFull = true;
    for (const stage of this.stages(q)) {
      if (stage.exact && !prefixFull) continue;
      const list = this.candidates(stage, filter, perStage);
      if (stage.args[0]?.startsWith('^') && !stage.exact) prefixFull = list.length === perStage;
      add(list);
    }
    const key = q.bare.join('');
    // Too short for a trigram: the most popular titles one of whose names starts with it.
    if (length(key) === 1) add(this.short(key, filter, perStage));
    let ranked = [...found.values()].filter((c) => c.tier <= 3);
    // Typos only when nothing matched the query's words as typed (a word start at least): a title
    // that does stays first, and the costliest stage runs only when it can help.
    if (!ranked.some((c) => c.tier <= 2)) ranked = ranked.concat(this.fuzzy(q, filter, found));
    return this.rows(sortCandidates(q, ranked).slice(0, limit));
  }

  /** Titles one of whose names is exactly this compact key, whatever their popularity. */
  byKey(key: string, limit = 50): RankedTitle[] {
    this.trigrams.refresh();
    const q: ParsedQuery = { words: [key], bare: [key], compact: [key], year: null };
    const found = this.candidates(
      this.stages(q).find((st) => st.exact)!,
      '',
      limit,
    );
    return this.rows(found.map((c) => ({ ...c, tier: 0 })));
  }

  /** Exact names, prefixes, every word at a word start, the whole as a substring: best first. */
  private stages(q: ParsedQuery): Stage[] {
    const key = q.bare.join('');
    const any = (n: number, clause: string) => `(${Array.from({ length: n }, () => clause).join(' OR ')})`;
    const exact: Stage = {
      match: orOf(q.compact.map((c) => this.trigrams.expression(`^${c}$`, 2, true))),
      verify: any(q.compact.length, 'instr(t.keys, ?) > 0'),
      args: q.compact.map((c) => `^${c}$`),
      exact: true,
    };
    // The caller's short scan covers prefixes of one character.
    if (length(key) < 2) return [exact];
    const stages: Stage[] = [
      {
        match: this.trigrams.expression(`^${key}`),
        verify: any(q.compact.length, 'instr(t.keys, ?) > 0'),
        args: q.compact.map((c) => `^${c}`),
      },
      exact,
    ];
    const long = q.bare.filter((w) => length(w) >= 3);
    if (long.length > 0 && q.bare.length > 1) {
      stages.push({
        // The index is asked for the two rarest words; the check covers them all.
        match: andOf(
          long
            .map((w) => ({ w, n: this.trigrams.get(this.trigrams.rarest(w, 1)[0]!) }))
            .sort((a, b) => a.n - b.n)
            .slice(0, 2)
            .map(({ w }) => this.trigrams.expression(w, 2)),
        ),
        verify: q.bare.map(() => "instr(' ' || replace(t.names, char(10), ' '), ?) > 0").join(' AND '),
        args: q.bare.map((w) => ` ${w}`),
      });
    }
    if (length(key) >= 3)
      stages.push({ match: this.trigrams.expression(key), verify: 'instr(t.keys, ?) > 0', args: [key] });
    return stages;
  }

  /**
   * Titles within about one edit of every query word of 4+ characters: each such word as itself or
   * one of its likeliest one-edit variants (by the index's trigram counts), and for long words also
   * as the two parts an edit at any position leaves intact. Each asked for by its rarest trigrams.
   * Null when no word is long enough.
   */
  private fuzzyExpression(q: ParsedQuery): string | null {
    const perWord: string[] = [];
    for (const word of q.bare) {
      const w = Array.from(word);
      // Short words (the, of, and...) constrain little and are often what differs ("the scorch trials").
      if (w.length < 4) continue;
      const terms = new Set<string>();
      const corrections = this.vocabulary.corrections(word, word === q.bare[q.bare.length - 1], VARIANTS);
      for (const v of corrections) {
        const e = this.trigrams.expression(v, 2);
        if (e) terms.add(e);
      }
      // A long word the vocabulary cannot correct: the parts an edit anywhere leaves intact.
      for (let p = 0; corrections.length === 1 && w.length >= 6 && p + 1 < w.length; p++) {
        const parts = [w.slice(0, p), w.slice(p + 2)]
          .filter((part) => part.length >= 3)
          .map((part) => `"${this.trigrams.rarest(part.join(''), 1)[0]}"`);
        if (parts.length) terms.add([...new Set(parts)].sort().join(' AND '));
      }
      if (terms.size) perWord.push(`(${[...terms].map((t) => `(${t})`).join(' OR ')})`);
    }
    return perWord.length ? perWord.join(' AND ') : null;
  }

  /** The fuzzy stage: a popular-first pool, narrowed by trigram overlap, scored by fuse.js. */
  private fuzzy(q: ParsedQuery, filter: string, found: Map<number, Candidate>): Candidate[] {
    const match = this.fuzzyExpression(q);
    if (!match) return [];
    const pool = this.candidates({ match, verify: '1', args: [] }, filter, FUZZY_POOL).filter(
      (c) => !found.has(c.id),
    );
    const wanted = trigramsOf(`^${q.bare.join('')}`);
    const overlap = (c: Candidate) => {
      const have = `^${c.names.join('\n^').replaceAll(' ', '')}`;
      let n = 0;
      for (const t of wanted) if (have.includes(t)) n++;
      return n;
    };
    const scored = pool
      .map((c) => ({ c, o: overlap(c) }))
      .sort((a, b) => b.o - a.o || a.c.id - b.c.id)
      .slice(0, FUZZY_SCORED)
      .map(({ c }) => c);
    return fuzzyScores(q, scored);
  }

  /** Up to `limit` titles (most popular first) the index offers for a stage and SQL verifies. */
  private candidates(stage: Stage, filter: string, limit: number): Candidate[] {
    if (stage.match === null) return [];
    // The index offers at most EXAMINED titles per stage: a query made only of common trigrams
    // (whose few true matches would otherwise be sought through half the catalogue) stays bounded.
    const sql = `SELECT t.id, t.names, t.year, t.end_year
       FROM (SELECT rowid FROM search_fts WHERE search_fts MATCH ? ORDER BY rowid LIMIT ${EXAMINED}) f
       JOIN search_titles t ON t.id = f.rowid
       WHERE ${stage.verify}${filter} ORDER BY f.rowid LIMIT ?`;
    return (this.statement(sql).all(stage.match, ...stage.args, limit) as CandidateRow[]).map(candidate);
  }

  private short(start: string, filter: string, limit: number): Candidate[] {
    const sql = `SELECT t.id, t.names, t.year, t.end_year FROM search_titles t WHERE t.id <= ${SHORT_QUERY_POOL}
       AND (substr(t.names, 1, 1) = ? OR instr(t.names, ?) > 0)${filter} ORDER BY t.id LIMIT ?`;
    return (this.statement(sql).all(start, `\n${start}`, limit) as CandidateRow[]).map(candidate);
  }

  private rows(ranked: Pick<Candidate, 'id' | 'tier' | 'fuzz'>[]): RankedTitle[] {
    const get = this.statement('SELECT * FROM search_titles WHERE id = ?');
    return ranked.map((c) => {
      const r = get.get(c.id) as TitleRow;
      return {
        id: r.id,
        tconst: r.tconst,
        title: r.title,
        originalTitle: r.original_title,
        year: r.year,
        endYear: r.end_year,
        titleType: r.title_type,
        kind: r.kind,
        imdbRating: r.imdb_rating,
        imdbVotes: r.imdb_votes,
        names: r.names.split('\n'),
        tier: c.tier,
        fuzz: c.fuzz,
      };
    });
  }

  private statement(sql: string): Statement<unknown[], unknown> {
    let stmt = this.stmts.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.stmts.set(sql, stmt);
    }
    return stmt;
  }
}

const orOf = (parts: (string | null)[]): string | null => {
  const ok = [...new Set(parts.filter((p): p is string => p !== null))];
  return ok.length ? ok.map((p) => `(${p})`).join(' OR ') : null;
};
const andOf = (parts: (string | null)[]): string | null => {
  const ok = [...new Set(parts.filter((p): p is string => p !== null))];
  return ok.length ? ok.map((p) => `(${p})`).join(' AND ') : null;
};

interface CandidateRow {
  id: number;
  names: string;
  year: number | null;
  end_year: number | null;
}

const candidate = (r: CandidateRow): Candidate => ({
  id: r.id,
  names: r.names.split('\n'),
  year: r.year,
  endYear: r.end_year,
  tier: 4,
  fuzz: 0,
  cost: 0,
  far: 0,
});

function filterSql(opts: SearchOptions): string {
  const parts: string[] = [];
  if (opts.type) parts.push(`t.kind = '${opts.type === 'series' ? 'series' : 'movie'}'`);
  if (opts.year !== undefined) parts.push(`t.year = ${Math.trunc(opts.year)}`);
  return parts.length ? ` AND ${parts.join(' AND ')}` : '';
}
