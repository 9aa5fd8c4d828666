// title.crew (tconst, directors, writers: comma-separated nconsts, \N for none), read row by row
// into imdb_crew. The full file lists every title IMDb has (~11M, episodes included), so only the
// catalogue's titles are kept: MovieLens' films, and the imported titles (title.basics: films, TV
// films, series, specials) with at least `minVotes` IMDb votes. The metadata model places a title by
// these people (main/model/metadata/), so a title below the floor, which is never a candidate,
// costs nothing.
import type { Database } from 'better-sqlite3';
import { badLine } from '../files/errors.ts';
import { STAGING_PREFIX } from './store.ts';
import { DEFAULT_MIN_VOTES } from './types.ts';

export { DEFAULT_MIN_VOTES };

/** The tables that hold `table` as it will be after this import: its staged copy when one exists. */
function current(db: Database, table: string): string | null {
  const has = (name: string) =>
    db
      .prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(name)! > 0;
  if (has(STAGING_PREFIX + table)) return STAGING_PREFIX + table;
  const rows = db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get();
  return rows ? table : null;
}

/** The titles whose crew is kept (see the file comment). */
export function crewTitles(db: Database, minVotes: number): Set<string> {
  const titles = new Set(
    db.prepare<[], string>('SELECT tconst FROM movies WHERE tconst IS NOT NULL').pluck().all(),
  );
  const basics = current(db, 'imdb_titles');
  const ratings = current(db, 'imdb_ratings');
  if (basics && ratings) {
    const rated = db
      .prepare<[number], string>(
        `SELECT b.tconst FROM ${basics} b JOIN ${ratings} r ON r.tconst = b.tconst WHERE r.num_votes >= ?`,
      )
      .pluck()
      .iterate(minVotes);
    for (const t of rated) titles.add(t);
  }
  return titles;
}

export interface CrewCounts {
  titles: number;
  directors: number;
  writers: number;
}

type Id = (v: string, line: number, prefix: 'tt' | 'nm', field: string) => string;

/** One title.crew line -> its imdb_crew rows ([tconst, role, ordering, nconst]), or none. */
export function crewRows(
  label: string,
  keep: Set<string>,
  id: Id,
  people: Set<string>,
  counts: CrewCounts,
): (f: string[], line: number) => (string | number)[][] {
  const list = (v: string, line: number, field: string): string[] => {
    if (v === '\\N') return [];
    const ids = v.split(',');
    if (ids.some((n) => n === ''))
      throw badLine(label, line, `comma-separated IMDb ids like nm0000001,nm0000002 or \\N for ${field}`, v);
    return ids.map((n) => id(n, line, 'nm', field));
  };
  return (f, line) => {
    const tconst = id(f[0]!, line, 'tt', 'tconst');
    // Validated before the filter, so a malformed line is reported wherever it is.
    const directors = list(f[1]!, line, 'directors');
    const writers = list(f[2]!, line, 'writers');
    if (!keep.has(tconst)) return [];
    const rows: (string | number)[][] = [];
    // A person listed twice in one role (IMDb does this for credited variants) is kept once.
    const add = (role: string, ids: string[]) =>
      [...new Set(ids)].forEach((n, i) => {
        rows.push([tconst, role, i, n]);
        people.add(n);
      });
    add('director', directors);
    add('writer', writers);
    if (rows.length > 0) counts.titles++;
    counts.directors += new Set(directors).size;
    counts.writers += new Set(writers).size;
    return rows;
  };
}
