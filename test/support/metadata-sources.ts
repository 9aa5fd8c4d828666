// IMDb-format metadata for ml-latest-small's films, written from ../shared's non-IMDb sources so
// tests import it through the real `ingest imdb` path (SOURCES.md section 6 lists each file's traps):
// title.basics (year from MovieLens, genres and runtime from IMDB 5000 where it has the film, else
// MovieLens' genres under IMDb's names), title.crew (directors: IMDB 5000, then HetRec rows whose
// imdbID equals links.csv), title.principals (IMDB 5000's three actors) and name.basics. Neither
// source has nconsts: people get stable made-up ones by normalised name (nm9xxxxxx).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCsv } from '../../main/files/csv.ts';
import { imdbGenresOfMovieLens } from '../../main/model/metadata/load.ts';
import { dataPath } from './shared-data.ts';

export interface MovieLensFilm {
  movieId: number;
  tconst: string;
  title: string;
  year: number | null;
  genres: string;
}

function csvRecords(text: string): string[][] {
  const out: string[][] = [];
  parseCsv(text.endsWith('\n') ? text : text + '\n', 1, (f) => out.push(f));
  return out;
}

export function readMovieLensFilms(dir = dataPath('ml-latest-small')): MovieLensFilm[] {
  const links = new Map(
    csvRecords(readFileSync(join(dir, 'links.csv'), 'utf8'))
      .slice(1)
      .map((f) => [Number(f[0]), f[1]!] as const),
  );
  return csvRecords(readFileSync(join(dir, 'movies.csv'), 'utf8'))
    .slice(1)
    .filter((f) => links.get(Number(f[0])))
    .map((f) => {
      const m = /\((\d{4})\)\s*$/.exec(f[1]!);
      return {
        movieId: Number(f[0]),
        tconst: `tt${links.get(Number(f[0]))!}`,
        title: f[1]!.replace(/\s*\(\d{4}\)\s*$/, '').trim(),
        year: m ? Number(m[1]) : null,
        genres: f[2]!,
      };
    });
}

const normalise = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();

export interface WrittenMetadata {
  files: string[];
  /** Films with a director, with cast, with a runtime from IMDB 5000. */
  withDirector: number;
  withCast: number;
  fromImdb5000: number;
  /** Made-up nconst by normalised name (for matching names elsewhere, e.g. an export's Directors). */
  nconstOf(name: string): string | undefined;
}

export function writeImdbMetadata(dir: string, films: MovieLensFilm[]): WrittenMetadata {
  const byTconst = new Map(films.map((f) => [f.tconst, f]));
  const ids = new Map<string, string>();
  const names = new Map<string, string>();
  const person = (raw: string): string | null => {
    const name = raw.replace(/\u00a0/g, ' ').trim();
    const key = normalise(name);
    if (!key) return null;
    let id = ids.get(key);
    if (!id) {
      id = `nm${9_000_000 + ids.size}`;
      ids.set(key, id);
      names.set(id, name);
    }
    return id;
  };
  // IMDB 5000: CRLF, 124 duplicate rows (first kept), tconst inside the link.
  const i5000 = new Map<
    string,
    { directors: string[]; cast: string[]; genres: string[]; runtime: number | null }
  >();
  const rows = csvRecords(readFileSync(dataPath('metadata', 'imdb5000', 'movie_metadata.csv'), 'utf8'));
  const h = rows[0]!.map((x) => x.trim());
  const col = (n: string) => h.indexOf(n);
  for (const f of rows.slice(1)) {
    const tconst = /title\/(tt\d+)/.exec(f[col('movie_imdb_link')] ?? '')?.[1];
    if (!tconst || !byTconst.has(tconst) || i5000.has(tconst)) continue;
    const director = f[col('director_name')] ? person(f[col('director_name')]!) : null;
    const cast = ['actor_1_name', 'actor_2_name', 'actor_3_name']
      .map((c) => (f[col(c)] ? person(f[col(c)]!) : null))
      .filter((x): x is string => !!x);
    const runtime = Number(f[col('duration')]);
    i5000.set(tconst, {
      directors: director ? [director] : [],
      cast,
      genres: (f[col('genres')] ?? '').split('|').filter(Boolean),
      runtime: Number.isFinite(runtime) && runtime > 0 ? runtime : null,
    });
  }
  // HetRec: Latin-1, CRLF; about 570 movieIds point at another film: keep rows whose imdbID matches.
  const hetrecImdb = new Map<number, string>();
  for (const line of readFileSync(dataPath('metadata', 'hetrec-2k', 'movies.dat'), 'latin1')
    .split(/\r?\n/)
    .slice(1)) {
    const f = line.split('\t');
    if (f.length > 2) hetrecImdb.set(Number(f[0]), `tt${f[2]}`);
  }
  const hetrecDirector = new Map<string, string>();
  const byMovieId = new Map(films.map((f) => [f.movieId, f]));
  for (const line of readFileSync(dataPath('metadata', 'hetrec-2k', 'movie_directors.dat'), 'latin1')
    .split(/\r?\n/)
    .slice(1)) {
    const f = line.split('\t');
    const film = byMovieId.get(Number(f[0]));
    if (!film || f.length < 3 || hetrecImdb.get(film.movieId) !== film.tconst) continue;
    const id = person(f[2]!);
    if (id) hetrecDirector.set(film.tconst, id);
  }
  const basics = [
    'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres',
  ];
  const crew = ['tconst\tdirectors\twriters'];
  const principals = ['tconst\tordering\tnconst\tcategory\tjob\tcharacters'];
  let withDirector = 0;
  let withCast = 0;
  for (const f of films) {
    const m = i5000.get(f.tconst);
    const genres = m?.genres.length ? m.genres : imdbGenresOfMovieLens(f.genres);
    const title = f.title.replace(/\t/g, ' ');
    basics.push(
      `${f.tconst}\tmovie\t${title}\t${title}\t0\t${f.year ?? '\\N'}\t\\N\t${m?.runtime ?? '\\N'}\t${genres.length ? genres.join(',') : '\\N'}`,
    );
    const directors = m?.directors.length
      ? m.directors
      : hetrecDirector.has(f.tconst)
        ? [hetrecDirector.get(f.tconst)!]
        : [];
    if (directors.length) {
      crew.push(`${f.tconst}\t${directors.join(',')}\t\\N`);
      withDirector++;
    }
    m?.cast.forEach((c, i) => principals.push(`${f.tconst}\t${i + 1}\t${c}\tactor\t\\N\t\\N`));
    if (m?.cast.length) withCast++;
  }
  const namesLines = ['nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles'];
  for (const [id, name] of names) namesLines.push(`${id}\t${name}\t\\N\t\\N\t\\N\t\\N`);
  const files = {
    'title.basics.tsv': basics,
    'title.crew.tsv': crew,
    'title.principals.tsv': principals,
    'name.basics.tsv': namesLines,
  };
  for (const [name, lines] of Object.entries(files)) writeFileSync(join(dir, name), lines.join('\n') + '\n');
  return {
    files: Object.keys(files).map((n) => join(dir, n)),
    withDirector,
    withCast,
    fromImdb5000: i5000.size,
    nconstOf: (name) => ids.get(normalise(name)),
  };
}
