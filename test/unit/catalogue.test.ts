// The catalogue face's one-home helpers: ids, genres in every stored spelling, the title normaliser.
import { describe, expect, it } from 'vitest';
import { isTconst, tconstSchema, TCONST_PART } from '../../main/catalogue/ids.ts';
import { parseGenres, splitGenres } from '../../main/catalogue/genres.ts';
import { normaliseTitle } from '../../main/catalogue/normalise.ts';
import { readCsv } from '../../main/files/csv.ts';

describe('catalogue', () => {
  it('knows an IMDb id, alone and inside a longer pattern', () => {
    expect(isTconst('tt0133093')).toBe(true);
    expect(isTconst('tt013309')).toBe(false);
    expect(isTconst(' tt0133093')).toBe(false);
    expect(new RegExp(`^(\\d+)=(${TCONST_PART})$`).exec('12=tt0133093')?.[2]).toBe('tt0133093');
    expect(tconstSchema.safeParse('nm0000206').error?.issues[0]?.message).toBe('an IMDb id like tt0133093');
  });

  it('reads genres in all three stored spellings as one list', () => {
    expect(parseGenres('Drama|Romance')).toEqual(['Drama', 'Romance']);
    expect(parseGenres('Drama,Romance')).toEqual(['Drama', 'Romance']);
    expect(parseGenres('Drama, Romance')).toEqual(['Drama', 'Romance']);
    expect(parseGenres('(no genres listed)')).toEqual([]);
    expect(parseGenres(null)).toEqual([]);
    expect(splitGenres('Sci-Fi|Action', 'Action,Adventure')).toEqual(['Sci-Fi', 'Action']);
    expect(splitGenres(null, 'Action,Adventure')).toEqual(['Action', 'Adventure']);
  });

  it('normalises titles so MovieLens and IMDb spellings meet', () => {
    expect(normaliseTitle('Matrix, The')).toBe(normaliseTitle('The Matrix'));
    expect(normaliseTitle('Amélie')).toBe('amelie');
    expect(normaliseTitle('WALL·E')).toBe(normaliseTitle('Wall-E'));
  });

  it('reads CSV text with a clear error for a quote that never closes', () => {
    expect([...readCsv('\ufeffa,b\n"x, y",2\n')].map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['x, y', '2'],
    ]);
    expect(() => readCsv('a,b\n1,"open\n', 'ratings.csv')).toThrow(
      /ratings\.csv line 2: expected a closing double quote/,
    );
  });
});
