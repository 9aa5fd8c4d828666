// A small synthetic IMDb catalogue for tests that must run without ../shared: title.basics.tsv and
// title.ratings.tsv in IMDb's exact format, holding the titles the search tests name (remakes, a
// series of the same name, accents, punctuation, inverted articles) among generated filler titles.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SyntheticTitle {
  tconst: string;
  type: string;
  title: string;
  original?: string;
  year: number;
  end?: number;
  runtime?: number;
  genres?: string;
  votes?: number;
  rating?: number;
}

/** Titles named in the search issue, with votes in the right order of magnitude. */
export const NAMED_TITLES: SyntheticTitle[] = [
  {
    tconst: 'tt0133093',
    type: 'movie',
    title: 'The Matrix',
    year: 1999,
    runtime: 136,
    genres: 'Action,Sci-Fi',
    votes: 2_100_000,
    rating: 8.7,
  },
  {
    tconst: 'tt0234215',
    type: 'movie',
    title: 'The Matrix Reloaded',
    year: 2003,
    runtime: 138,
    genres: 'Action,Sci-Fi',
    votes: 650_000,
    rating: 7.2,
  },
  {
    tconst: 'tt0242653',
    type: 'movie',
    title: 'The Matrix Revolutions',
    year: 2003,
    runtime: 129,
    genres: 'Action,Sci-Fi',
    votes: 560_000,
    rating: 6.7,
  },
  {
    tconst: 'tt0211915',
    type: 'movie',
    title: 'Amélie',
    original: "Le fabuleux destin d'Amélie Poulain",
    year: 2001,
    runtime: 122,
    genres: 'Comedy,Romance',
    votes: 800_000,
    rating: 8.3,
  },
  {
    tconst: 'tt0111161',
    type: 'movie',
    title: 'The Shawshank Redemption',
    year: 1994,
    runtime: 142,
    genres: 'Drama',
    votes: 3_000_000,
    rating: 9.3,
  },
  {
    tconst: 'tt0087182',
    type: 'movie',
    title: 'Dune',
    year: 1984,
    runtime: 137,
    genres: 'Action,Adventure,Sci-Fi',
    votes: 190_000,
    rating: 6.3,
  },
  {
    tconst: 'tt1160419',
    type: 'movie',
    title: 'Dune',
    original: 'Dune: Part One',
    year: 2021,
    runtime: 155,
    genres: 'Action,Adventure,Drama',
    votes: 950_000,
    rating: 8.0,
  },
  {
    tconst: 'tt0142032',
    type: 'tvMiniSeries',
    title: 'Dune',
    year: 2000,
    end: 2000,
    runtime: 265,
    genres: 'Adventure,Drama,Fantasy',
    votes: 20_000,
    rating: 7.1,
  },
  {
    tconst: 'tt15239678',
    type: 'movie',
    title: 'Dune: Part Two',
    year: 2024,
    runtime: 166,
    genres: 'Action,Adventure,Drama',
    votes: 600_000,
    rating: 8.5,
  },
  {
    tconst: 'tt0114369',
    type: 'movie',
    title: 'Se7en',
    year: 1995,
    runtime: 127,
    genres: 'Crime,Drama,Mystery',
    votes: 1_800_000,
    rating: 8.6,
  },
  {
    tconst: 'tt0910970',
    type: 'movie',
    title: 'WALL·E',
    year: 2008,
    runtime: 98,
    genres: 'Adventure,Animation,Family',
    votes: 1_200_000,
    rating: 8.4,
  },
  {
    tconst: 'tt0066026',
    type: 'movie',
    title: 'M*A*S*H',
    year: 1970,
    runtime: 116,
    genres: 'Comedy,Drama,War',
    votes: 75_000,
    rating: 7.4,
  },
  {
    tconst: 'tt0068098',
    type: 'tvSeries',
    title: 'M*A*S*H',
    year: 1972,
    end: 1983,
    runtime: 25,
    genres: 'Comedy,Drama,War',
    votes: 130_000,
    rating: 8.4,
  },
  {
    tconst: 'tt0116191',
    type: 'movie',
    title: 'Emma',
    year: 1996,
    runtime: 120,
    genres: 'Comedy,Drama,Romance',
    votes: 40_000,
    rating: 6.7,
  },
  {
    tconst: 'tt0118308',
    type: 'tvMovie',
    title: 'Emma',
    year: 1996,
    runtime: 107,
    genres: 'Drama,Romance',
    votes: 8_000,
    rating: 6.9,
  },
  {
    tconst: 'tt0093779',
    type: 'movie',
    title: 'The Princess Bride',
    year: 1987,
    runtime: 98,
    genres: 'Adventure,Family,Fantasy',
    votes: 450_000,
    rating: 8.0,
  },
  {
    tconst: 'tt0082971',
    type: 'movie',
    title: 'Raiders of the Lost Ark',
    year: 1981,
    runtime: 115,
    genres: 'Action,Adventure',
    votes: 1_000_000,
    rating: 8.4,
  },
  {
    tconst: 'tt0017136',
    type: 'movie',
    title: 'Metropolis',
    year: 1927,
    runtime: 153,
    genres: 'Drama,Sci-Fi',
    votes: 190_000,
    rating: 8.3,
  },
  {
    tconst: 'tt0056172',
    type: 'movie',
    title: 'Lawrence of Arabia',
    year: 1962,
    runtime: 218,
    genres: 'Adventure,Biography,Drama',
    votes: 310_000,
    rating: 8.3,
  },
  {
    tconst: 'tt0245429',
    type: 'movie',
    title: 'Spirited Away',
    original: 'Sen to Chihiro no kamikakushi',
    year: 2001,
    runtime: 125,
    genres: 'Adventure,Animation,Family',
    votes: 900_000,
    rating: 8.6,
  },
];

const WORDS =
  'night city river last house blue summer red man woman love war return road secret dark little king song lost garden winter station letter island mountain stranger promise shadow fire morning star'.split(
    ' ',
  );

/** Writes the named titles plus `filler` generated ones (deterministic) into dir. */
export function writeSyntheticImdb(
  dir: string,
  filler = 2000,
): { basics: string; ratings: string; titles: SyntheticTitle[] } {
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  const titles = [...NAMED_TITLES];
  for (let i = 0; i < filler; i++) {
    const n = 1 + Math.floor(rand() * 3);
    const words = Array.from({ length: n }, () => pick(WORDS)).map((w) => w[0]!.toUpperCase() + w.slice(1));
    const title = (rand() < 0.3 ? 'The ' : '') + words.join(' ');
    titles.push({
      tconst: `tt${String(30_000_000 + i)}`,
      type: rand() < 0.75 ? 'movie' : 'tvSeries',
      title,
      year: 1930 + Math.floor(rand() * 95),
      genres: 'Drama',
      votes: rand() < 0.7 ? 5 + Math.floor(rand() * 5000) : undefined,
      rating: 5 + Math.round(rand() * 40) / 10,
    });
  }
  const basics = join(dir, 'title.basics.tsv');
  const ratings = join(dir, 'title.ratings.tsv');
  const n = (v: number | string | undefined) => (v === undefined ? '\\N' : String(v));
  writeFileSync(
    basics,
    'tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n' +
      titles
        .map((t) =>
          [
            t.tconst,
            t.type,
            t.title,
            t.original ?? t.title,
            0,
            t.year,
            n(t.end),
            n(t.runtime),
            n(t.genres),
          ].join('\t'),
        )
        .join('\n') +
      '\n',
  );
  writeFileSync(
    ratings,
    'tconst\taverageRating\tnumVotes\n' +
      titles
        .filter((t) => t.votes !== undefined)
        .map((t) => `${t.tconst}\t${(t.rating ?? 7).toFixed(1)}\t${t.votes}`)
        .join('\n') +
      '\n',
  );
  return { basics, ratings, titles };
}
