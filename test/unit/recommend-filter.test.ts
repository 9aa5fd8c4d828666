// Candidate filters on synthetic candidates: genres any and all (case-insensitive, unknown names
// rejected with the valid list), years, votes, runtime, films or series, exclusions.
import { describe, expect, it } from 'vitest';
import { filterMask, resolveGenres } from '../../main/recommend/score/filter.ts';
import { recommendModel, syntheticCandidates } from './recommend-synthetic.ts';

const p = recommendModel(2000);
const c = syntheticCandidates(p);
const kept = (m: Uint8Array) => [...m.keys()].filter((i) => m[i]);

describe('candidate filters', () => {
  it('matches any or all of several genres', () => {
    const any = kept(filterMask(c, { genres: ['horror', 'Comedy'] }, []).mask);
    const all = kept(filterMask(c, { genres: ['Horror', 'comedy'], genreMode: 'all' }, []).mask);
    expect(any.length).toBeGreaterThan(all.length);
    expect(all.length).toBeGreaterThan(0);
    for (const i of any) expect(c.genres[i]!.some((g) => g === 'Horror' || g === 'Comedy')).toBe(true);
    for (const i of all) expect(c.genres[i]).toEqual(expect.arrayContaining(['Horror', 'Comedy']));
    const expectedAny = [...c.genres.keys()].filter((i) =>
      c.genres[i]!.some((g) => g === 'Horror' || g === 'Comedy'),
    );
    expect(any).toEqual(expectedAny);
  });

  it('rejects an unknown genre, naming the valid ones', () => {
    expect(() => resolveGenres(c, ['Horor'])).toThrow(/Unknown genre "Horor".*Action, Comedy, Drama, Horror/);
  });

  it('filters years, votes, runtime and type, and drops excluded titles', () => {
    const m = filterMask(
      c,
      { yearMin: 1980, yearMax: 1989, minVotes: 5000, runtimeMin: 90, runtimeMax: 120, type: 'movie' },
      [0, 1, 2, 3],
    );
    const list = kept(m.mask);
    expect(m.matching).toBe(list.length);
    expect(list.length).toBeGreaterThan(0);
    for (const i of list) {
      expect(c.year[i]).toBeGreaterThanOrEqual(1980);
      expect(c.year[i]).toBeLessThanOrEqual(1989);
      expect(c.imdbVotes[i]).toBeGreaterThanOrEqual(5000);
      expect(c.runtime[i]).toBeGreaterThanOrEqual(90);
      expect(c.runtime[i]).toBeLessThanOrEqual(120);
      expect(c.series[i]).toBe(0);
      expect(i).toBeGreaterThan(3);
    }
    const series = kept(filterMask(c, { type: 'series' }, []).mask);
    expect(series.every((i) => i % 10 === 0)).toBe(true);
    expect(series.length).toBe(c.n / 10);
  });

  it('counts MovieLens ratings as votes for a title IMDb does not rate', () => {
    const noImdb = [...c.imdbVotes.keys()].find((i) => c.mlVotes[i]! >= 50)!;
    const copy = { ...c, imdbVotes: Int32Array.from(c.imdbVotes) };
    copy.imdbVotes[noImdb] = -1;
    expect(filterMask(copy, { minVotes: 50 }, []).mask[noImdb]).toBe(1);
    expect(filterMask(copy, { minVotes: c.mlVotes[noImdb]! + 1 }, []).mask[noImdb]).toBe(0);
  });
});
