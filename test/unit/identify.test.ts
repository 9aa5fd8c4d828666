// Dropped files are recognised by content, checked on the synthetic fixture's files and on the real
// files in ../shared/data.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyHeader, identifyFile } from '../../main/files/identify.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { dataPath, hasSharedData } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

describe.skipIf(!hasSharedData)('identifyFile on real data', () => {
  it.each([
    ['ml-latest-small/ratings.csv', 'movielens-ratings-csv'],
    ['ml-latest-small/movies.csv', 'movielens-movies-csv'],
    ['ml-latest-small/links.csv', 'movielens-links-csv'],
    ['ml-latest-small/tags.csv', 'movielens-tags-csv'],
    ['ml-latest-small', 'movielens-folder'],
    ['imdb/title.ratings.tsv.gz', 'imdb-tsv'],
    ['imdb/head50k-2025/title.basics.tsv', 'imdb-tsv'],
    ['imdb/sample2000-2022/name.basics.tsv', 'imdb-tsv'],
    ['imdb-exports/export-ethanfuerst.csv', 'imdb-export-csv'],
    ['imdb-exports/export-aureliome.csv', 'imdb-export-csv'],
    ['imdb-exports/export-mcanouil.csv', 'imdb-export-csv'],
    ['imdb-exports/export-michael-123.csv', 'imdb-export-csv'],
    ['ml-100k/u.data', 'unknown'],
    ['ml-latest-small/README.txt', 'unknown'],
  ])('%s is %s', async (file, kind) => {
    expect(await identifyFile(dataPath(file))).toBe(kind);
  });
});

const [synthetic] = movieLensFixtures();

describe('identifyFile on the synthetic fixture', () => {
  const f = synthetic!;
  const ml = (name: string) => () => join(f.movielens, name);
  it.each([
    { file: 'ratings.csv', path: ml('ratings.csv'), kind: 'movielens-ratings-csv' },
    { file: 'movies.csv', path: ml('movies.csv'), kind: 'movielens-movies-csv' },
    { file: 'links.csv', path: ml('links.csv'), kind: 'movielens-links-csv' },
    { file: 'the MovieLens folder', path: () => f.movielens, kind: 'movielens-folder' },
    { file: 'title.ratings.tsv', path: () => f.imdb.ratings, kind: 'imdb-tsv' },
    { file: 'title.basics.tsv', path: () => join(f.imdb.folder, 'title.basics.tsv'), kind: 'imdb-tsv' },
    { file: 'the ratings export', path: () => f.export.file, kind: 'imdb-export-csv' },
  ])('$file is $kind', async ({ path, kind }) => {
    expect(await identifyFile(path())).toBe(kind);
  });
});

describe('identifyFile', () => {
  it('ignores the name: a PNG called ratings.csv is unknown, a BOM+CRLF header is fine', async () => {
    const dir = tempDir();
    try {
      const png = join(dir.path, 'ratings.csv');
      writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
      expect(await identifyFile(png)).toBe('unknown');
      const bom = join(dir.path, 'whatever.txt');
      writeFileSync(bom, '\ufeffuserId,movieId,rating,timestamp\r\n1,1,4.0,964982703\r\n');
      expect(await identifyFile(bom)).toBe('movielens-ratings-csv');
    } finally {
      dir.remove();
    }
  });

  it('classifies quoted export headers', () => {
    expect(classifyHeader('"Const","Your Rating","Date Rated"')).toBe('imdb-export-csv');
    expect(
      classifyHeader(
        '"position","const","created","modified","description","Title","Title type","Directors","You rated"',
      ),
    ).toBe('imdb-export-csv');
    expect(classifyHeader('Title,Const,Date Rated,Your Rating')).toBe('imdb-export-csv');
    expect(classifyHeader('Const,Title,Year')).toBe('unknown');
    expect(classifyHeader('a,b,c')).toBe('unknown');
  });
});

describe('classifyHeader: Letterboxd', () => {
  it.each([
    ['Date,Name,Year,Letterboxd URI,Rating', 'letterboxd-csv'],
    ['Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date', 'letterboxd-csv'],
    ['Date,Name,Year,Letterboxd URI', 'letterboxd-csv'],
    ['"Date","Name","Year","Letterboxd URI","Rating"', 'letterboxd-csv'],
    ['Name,Year,Rating', 'unknown'],
  ])('%s is %s', (line, kind) => {
    expect(classifyHeader(line)).toBe(kind);
  });
});
