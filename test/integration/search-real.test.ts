// Title search on the real files: ml-latest-small (movies.csv holds The Matrix, "Amelie (Fabuleux
// destin d'Amélie Poulain, Le)", "Shawshank Redemption, The", Dune (1984), Dune (2000, the
// miniseries, listed as a film) and "Seven (a.k.a. Se7en)"), the head50k-2025 title.basics sample
// (films up to 1957: Metropolis, "The Passion of Joan of Arc" / "La passion de Jeanne d'Arc", M)
// and the complete 2017 title.ratings (the votes that rank them). Dune (2021) is in none of them:
// the synthetic test covers the two-films case.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { testServices } from '../support/datasets.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData)(
  `title search on real data (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    let t: ReturnType<typeof testServices>;
    const search = (q: string, opts = {}) => t.s.search.search(q, opts);
    const first = async (q: string) => (await search(q))[0];

    beforeAll(async () => {
      t = testServices('reeltaste-search-real-');
      await ingestMovieLens(t.s, dataPath('ml-latest-small'));
      await ingestImdb(t.s, [
        dataPath('imdb/head50k-2025/title.basics.tsv'),
        dataPath('imdb/title.ratings.tsv.gz'),
      ]);
    }, 300_000);
    afterAll(() => t?.close());

    it('indexes IMDb titles and the MovieLens films IMDb does not list, most voted first', () => {
      const n = t.s.db.prepare('SELECT count(*) FROM search_titles').pluck().get() as number;
      const imdb = t.s.db.prepare('SELECT count(*) FROM imdb_titles').pluck().get() as number;
      const mlOnly = t.s.db
        .prepare(
          'SELECT count(DISTINCT tconst) FROM movies WHERE tconst IS NOT NULL AND tconst NOT IN (SELECT tconst FROM imdb_titles)',
        )
        .pluck()
        .get() as number;
      expect(n).toBe(imdb + mlOnly);
      const top = t.s.db.prepare('SELECT tconst FROM search_titles ORDER BY id LIMIT 2').pluck().all();
      expect(top).toEqual(['tt0111161', 'tt0468569']); // Shawshank, The Dark Knight: most votes in 2017
    });

    it('"matrx" finds The Matrix (1999) first', async () => {
      expect(await first('matrx')).toMatchObject({
        tconst: 'tt0133093',
        title: 'The Matrix',
        year: 1999,
        imdbVotes: 1_326_821,
      });
    });

    it('"Amelie" and "Amélie" both find Amélie, and so does its French title', async () => {
      for (const q of ['Amelie', 'Amélie', 'le fabuleux destin d amelie poulain'])
        expect((await first(q))?.tconst, q).toBe('tt0211915');
    });

    it('"Shawshank" finds The Shawshank Redemption', async () => {
      expect(await first('Shawshank')).toMatchObject({
        tconst: 'tt0111161',
        title: 'The Shawshank Redemption',
        year: 1994,
      });
    });

    it('"Matrix, The" and "the matrix" agree', async () => {
      const a = (await search('Matrix, The')).map((h) => h.tconst);
      expect(a).toEqual((await search('the matrix')).map((h) => h.tconst));
      expect(a.slice(0, 3)).toEqual(['tt0133093', 'tt0234215', 'tt0242653']);
    });

    it('"Dune" returns both Dunes with their years', async () => {
      const dunes = (await search('Dune')).filter((h) => h.title === 'Dune');
      expect(dunes.map((h) => [h.tconst, h.year])).toEqual([
        ['tt0087182', 1984],
        ['tt0142032', 2000],
      ]);
    });

    it('"Se7en" finds Seven (1995)', async () => {
      expect(await first('Se7en')).toMatchObject({ tconst: 'tt0114369', year: 1995 });
    });

    it('finds old films from the IMDb sample by either title, accents and articles folded', async () => {
      expect((await first('passion of joan of arc'))?.tconst).toBe('tt0019254');
      expect((await first("La passion de Jeanne d'Arc"))?.tconst).toBe('tt0019254');
      expect((await first('jeanne d arc'))?.tconst).toBe('tt0019254');
      expect(await first('Metropolis')).toMatchObject({ tconst: 'tt0017136', year: 1927, type: 'movie' });
      expect(await first('M - Eine Stadt sucht einen Mörder')).toMatchObject({ tconst: 'tt0022100' });
    });

    it('answers an empty or one-character query sensibly', async () => {
      expect(await search('')).toEqual([]);
      const m = await search('m');
      // Titles named exactly "M" first (Lang's 1931 film has the most votes, then the 1951 remake),
      // then the most voted titles starting with m.
      const exact = m.filter((h) => h.title === 'M');
      expect(exact.map((h) => [h.tconst, h.year])).toEqual([
        ['tt0022100', 1931],
        ['tt0043766', 1951],
      ]);
      expect(m.slice(2, 4).map((h) => h.title)).toEqual(['The Matrix', 'Memento']);
    });
  },
);
