// Writes an ml-25m-shaped MovieLens folder (ratings.csv, movies.csv, links.csv) from the synthetic
// generator, in the real files' format: ratings as "3.5"/"4.0", titles with the "Title, The (Year)"
// inversion, commas (quoted) and embedded quotes (doubled), imdbIds zero-padded to 7 digits.
// Usage: node test/bench/write-ml25m.ts DIR
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ML25M_SHAPE, rng, syntheticRatings, type SyntheticOptions } from './synthetic.ts';

const CHUNK = 4 << 20;

export interface WrittenDataset {
  dir: string;
  ratings: number;
  users: number;
  movies: number;
  ratingsBytes: number;
  /** Each movie as written: the title as an importer should store it (article moved back to the front). */
  titles: WrittenMovie[];
}

export interface WrittenMovie {
  movieId: number;
  title: string;
  year: number | null;
  genres: string;
  imdbId: string;
  tmdbId: number | null;
}

export function writeMl25m(dir: string, shape: SyntheticOptions = ML25M_SHAPE): WrittenDataset {
  mkdirSync(dir, { recursive: true });
  const m = syntheticRatings(shape);
  const ratingsBytes = writeRatings(
    join(dir, 'ratings.csv'),
    m.userIds,
    m.userOffsets,
    m.itemIds,
    m.itemIndex,
    m.ratings,
    m.timestamps,
  );
  const titles = writeMovies(dir, m.itemIds, shape.seed ?? 1);
  return {
    dir,
    ratings: m.itemIndex.length,
    users: m.userIds.length,
    movies: m.itemIds.length,
    ratingsBytes,
    titles,
  };
}

function writeRatings(
  file: string,
  userIds: Int32Array,
  offsets: Uint32Array,
  itemIds: Int32Array,
  itemIndex: Int32Array,
  stars: Float32Array,
  stamps: Int32Array,
): number {
  const fd = openSync(file, 'w');
  const buf = Buffer.alloc(CHUNK);
  let at = buf.write('userId,movieId,rating,timestamp\n', 0, 'latin1');
  let total = 0;
  const digits = (n: number): void => {
    if (n >= 10) digits(Math.floor(n / 10));
    buf[at++] = 48 + (n % 10);
  };
  for (let u = 0; u < userIds.length; u++) {
    for (let p = offsets[u]!; p < offsets[u + 1]!; p++) {
      if (at > CHUNK - 64) {
        total += writeSync(fd, buf, 0, at);
        at = 0;
      }
      digits(userIds[u]!);
      buf[at++] = 44;
      digits(itemIds[itemIndex[p]!]!);
      buf[at++] = 44;
      const halves = Math.round(stars[p]! * 2);
      digits(halves >> 1);
      buf[at++] = 46;
      buf[at++] = halves & 1 ? 53 : 48;
      buf[at++] = 44;
      digits(stamps[p]!);
      buf[at++] = 10;
    }
  }
  total += writeSync(fd, buf, 0, at);
  closeSync(fd);
  return total;
}

const WORDS = [
  'Night',
  'River',
  'Love',
  'Return',
  'Shadow',
  'Summer',
  'City',
  'Last',
  'Dream',
  'War',
  'King',
  'Girl',
  'Story',
  'Blue',
  'Road',
  'Secret',
  'House',
  'Star',
  'Winter',
  'Man',
];
const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Children',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'IMAX',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
];

/** A CSV field, quoted the way MovieLens does: only when it holds a comma or a quote. */
function csvField(s: string): string {
  return /[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function writeMovies(dir: string, itemIds: Int32Array, seed: number): WrittenMovie[] {
  const rand = rng(seed + 7);
  const pick = <T>(a: T[]): T => a[Math.floor(rand() * a.length)]!;
  const movies = ['movieId,title,genres'];
  const links = ['movieId,imdbId,tmdbId'];
  const written: WrittenMovie[] = [];
  for (let i = 0; i < itemIds.length; i++) {
    const id = itemIds[i]!;
    const r = rand();
    let title = `${pick(WORDS)} ${pick(WORDS)}`;
    const stored = r < 0.2 ? `The ${title}` : null;
    if (r < 0.2)
      title = `${title}, The`; // article inversion: quoted because of the comma
    else if (r < 0.25) title = `${pick(WORDS)}, ${pick(WORDS)} and ${pick(WORDS)}`;
    else if (r < 0.26) title = `11'09"${Math.floor(rand() * 99)} - ${pick(WORDS)}`; // embedded quote, doubled in the file
    const year = 1900 + Math.floor(rand() * 120);
    const withYear = r > 0.995 ? title : `${title} (${year})`;
    const genres =
      r > 0.99
        ? '(no genres listed)'
        : [...new Set([pick(GENRES), pick(GENRES), pick(GENRES)].slice(0, 1 + Math.floor(rand() * 3)))].join(
            '|',
          );
    movies.push(`${id},${csvField(withYear)},${genres}`);
    const tmdb = rand() < 0.002 ? '' : String(1 + Math.floor(rand() * 600_000));
    const imdbId = String(Math.floor(rand() * 9_999_999)).padStart(7, '0');
    links.push(`${id},${imdbId},${tmdb}`);
    written.push({
      movieId: id,
      title: stored ?? title,
      year: r > 0.995 ? null : year,
      genres,
      imdbId,
      tmdbId: tmdb ? Number(tmdb) : null,
    });
  }
  writeFileSync(join(dir, 'movies.csv'), `${movies.join('\n')}\n`);
  writeFileSync(join(dir, 'links.csv'), `${links.join('\n')}\n`);
  return written;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('Usage: node test/bench/write-ml25m.ts DIR');
    process.exit(2);
  }
  const t = performance.now();
  const w = writeMl25m(dir);
  console.log(
    `Wrote ${w.ratings.toLocaleString('en-US')} ratings (${(w.ratingsBytes / 1e6).toFixed(0)} MB), ${w.users} users, ${w.movies} movies to ${dir} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
}
