// The byte-level readers on synthetic input: CSV quoting, CRLF/LF, BOM, regions split anywhere,
// the ratings parser's numbers and its error messages, and MovieLens title splitting.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CsvReader } from '../../main/datasets/parse/csv.ts';
import { parseCsv } from '../../main/files/csv.ts';
import { lineRegions } from '../../main/datasets/parse/lines.ts';
import { RatingsParser } from '../../main/datasets/parse/ratings-parser.ts';
import { splitTitle } from '../../main/datasets/movielens.ts';
import { AppError } from '../../main/errors.ts';

/** Streams `data` in chunks of `size` bytes, so records and characters straddle chunk borders. */
function chunks(data: Buffer, size: number): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

async function readCsv(
  data: Buffer,
  header: string[],
  size = 7,
): Promise<{ fields: string[]; line: number }[]> {
  const out: { fields: string[]; line: number }[] = [];
  const reader = new CsvReader('test.csv', header, (fields, line) => out.push({ fields, line }));
  for await (const r of lineRegions(chunks(data, size))) reader.push(r);
  reader.end();
  return out;
}

function errorOf(fn: () => void): AppError {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
}

describe('CSV reader', () => {
  const text =
    '\uFEFFmovieId,title,genres\r\n11,"American President, The (1995)",Comedy|Drama|Romance\r\n\r\n9,"11\'09""01 - September 11 (2002)",Drama\r\n3,"Line\nbreak",(no genres listed)';

  it.each([1, 2, 7, 64, 1 << 20])(
    'reads quotes, doubled quotes, CRLF, a BOM and a quoted line break (chunks of %i bytes)',
    async (size) => {
      const rows = await readCsv(Buffer.from(text, 'utf8'), ['movieId', 'title', 'genres'], size);
      expect(rows).toEqual([
        { fields: ['11', 'American President, The (1995)', 'Comedy|Drama|Romance'], line: 2 },
        { fields: ['9', `11'09"01 - September 11 (2002)`, 'Drama'], line: 4 },
        { fields: ['3', 'Line\nbreak', '(no genres listed)'], line: 5 },
      ]);
    },
  );

  it('keeps multi-byte UTF-8 characters split across chunks intact', async () => {
    const rows = await readCsv(
      Buffer.from('movieId,title,genres\n1,Cité des enfants perdus (1995),Drama\n', 'utf8'),
      ['movieId', 'title', 'genres'],
      3,
    );
    expect(rows[0]!.fields[1]).toBe('Cité des enfants perdus (1995)');
  });

  it('names the line of a wrong header, a wrong field count, and an unclosed quote', async () => {
    await expect(readCsv(Buffer.from('a,b\n'), ['movieId', 'title', 'genres'])).rejects.toThrow(
      'test.csv line 1: expected the header "movieId,title,genres", found "a,b"',
    );
    await expect(
      readCsv(Buffer.from('movieId,title,genres\n1,x,y\n2,z\n'), ['movieId', 'title', 'genres']),
    ).rejects.toThrow(
      'test.csv line 3: expected 3 fields (movieId,title,genres) but the line has 2, found "2,z"',
    );
    await expect(
      readCsv(Buffer.from('movieId,title,genres\n1,"open,y\n'), ['movieId', 'title', 'genres']),
    ).rejects.toThrow(/test\.csv line 2: expected a closing double quote/);
  });

  it('refuses Latin-1 bytes, naming the line', async () => {
    const latin1 = Buffer.from(
      'movieId,title,genres\n1,Toy Story (1995),Animation\n73,"Misérables, Les (1995)",Drama\n',
      'latin1',
    );
    await expect(readCsv(latin1, ['movieId', 'title', 'genres'], 1 << 20)).rejects.toThrow(
      /test\.csv line 3: expected UTF-8 text \(this line has byte 0xE9/,
    );
  });

  it('parseCsv leaves an unfinished quoted record for the next region', () => {
    const seen: string[][] = [];
    const r = parseCsv('1,a\n2,"b\nc', 1, (f) => seen.push(f));
    expect(seen).toEqual([['1', 'a']]);
    expect(r).toEqual({ consumed: 4, nextLine: 2 });
  });
});

describe('ratings parser', () => {
  const parse = (text: string) => {
    const p = new RatingsParser('ratings.csv');
    p.push({ buf: Buffer.from(text), bytesRead: 0 });
    p.end();
    return p.cols;
  };

  it('reads whole and half stars, CRLF and a last line without a newline', () => {
    const c = parse(
      'userId,movieId,rating,timestamp\r\n1,31,2.5,1260759144\r\n1,1029,3.0,1260759179\n7,9,5,9\n610,170875,0.50,1493846415',
    );
    expect(c.length).toBe(4);
    expect([...c.users.subarray(0, 4)]).toEqual([1, 1, 7, 610]);
    expect([...c.items.subarray(0, 4)]).toEqual([31, 1029, 9, 170875]);
    expect([...c.halves.subarray(0, 4)]).toEqual([5, 6, 10, 1]);
    expect([...c.timestamps.subarray(0, 4)]).toEqual([1260759144, 1260759179, 9, 1493846415]);
  });

  it.each([
    [
      '1,2,3.5\n',
      'ratings.csv line 2: expected 4 fields (userId,movieId,rating,timestamp) but the line has 3, found "1,2,3.5"',
    ],
    [
      '1,2,3.5,4,5\n',
      'ratings.csv line 2: expected 4 fields (userId,movieId,rating,timestamp) but the line has 5',
    ],
    ['1,2,abc,4\n', 'ratings.csv line 2: expected a number for rating (0.5 to 5 in half stars), found "abc"'],
    ['1,2,3.7,4\n', 'ratings.csv line 2: expected a rating from 0.5 to 5 in half stars, found "3.7"'],
    ['1,2,0,4\n', 'ratings.csv line 2: expected a rating from 0.5 to 5 in half stars, found "0"'],
    ['x,2,3,4\n', 'ratings.csv line 2: expected a whole number for userId, found "x"'],
    ['1,2,3,soon\n', 'ratings.csv line 2: expected a unix timestamp in seconds for timestamp, found "soon"'],
  ])('explains %j', (line, message) => {
    const err = errorOf(() => parse(`userId,movieId,rating,timestamp\n${line}`));
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('BAD_FILE');
    expect(err.message).toContain(message);
  });

  it('counts lines across regions for its messages', () => {
    const p = new RatingsParser('r.csv');
    p.push({ buf: Buffer.from('userId,movieId,rating,timestamp\n1,1,1,1\n'), bytesRead: 0 });
    const err = errorOf(() => p.push({ buf: Buffer.from('1,2,1,1\n1,3,?,1\n'), bytesRead: 0 }));
    expect(err.message).toMatch(/^r\.csv line 4: expected a number for rating/);
  });
});

describe('MovieLens titles', () => {
  it.each([
    ['Toy Story (1995)', 'Toy Story', 1995],
    ['American President, The (1995)', 'The American President', 1995],
    ['Babylon 5', 'Babylon 5', null],
    ['Lord of the Rings: The Two Towers, The (2002) ', 'The Lord of the Rings: The Two Towers', 2002],
    ['Seven (a.k.a. Se7en) (1995)', 'Seven (a.k.a. Se7en)', 1995],
  ])('%j', (raw, title, year) => {
    expect(splitTitle(raw)).toEqual({ title, year });
  });
});
