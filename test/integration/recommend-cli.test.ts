// Issue 10's Done-when checks through the CLI as a user's script runs it, on ml-latest-small with the
// IMDb ratings and a real IMDb export imported: no rated, seen or not-interested title is
// recommended; every result matches the genre filter (any and all); the same seed gives the same
// list and different seeds different lists; --explore 0 is the posterior-mean ranking;
// --list-genres lists the dataset's genres (read here from movies.csv itself).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { openDatabase } from '../../main/db/database.ts';
import { loadActiveModel } from '../../main/model/store.ts';
import { itemIndex } from '../../main/catalogue/items.ts';
import { loadFit } from '../../main/profile/store.ts';
import { predictUserScale } from '../../main/profile/theta/predict.ts';
import { saveTuning } from '../../main/recommend/store.ts';
import { runCli } from '../support/cli.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

interface Item {
  tconst: string;
  title: string;
  year: number | null;
  genres: string[];
  predicted: number;
  low: number;
  high: number;
  imdbRating: number | null;
  imdbVotes: number | null;
}

describe.skipIf(!hasSharedData)(
  `recommend CLI on ml-latest-small (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const dir = tempDir();
    const cli = (...args: string[]) => runCli(['--data-dir', dir.path, '--json', ...args], {}, 600_000);
    const recommend = (...args: string[]) => {
      const r = cli('recommend', ...args);
      expect(r.status, r.stderr).toBe(0);
      return r.json<Item[]>();
    };
    const withDb = <T>(f: (db: ReturnType<typeof openDatabase>) => T): T => {
      const db = openDatabase(`${dir.path}/reeltaste.db`);
      try {
        return f(db);
      } finally {
        db.close();
      }
    };
    let rated: Set<string>;

    beforeAll(() => {
      expect(cli('ingest', 'movielens', dataPath('ml-latest-small')).status).toBe(0);
      expect(cli('ingest', 'imdb', dataPath('imdb/title.ratings.tsv.gz')).status).toBe(0);
      expect(cli('train', '--epochs', '15').status).toBe(0);
      expect(cli('import-ratings', dataPath('imdb-exports/export-ethanfuerst.csv')).status).toBe(0);
      rated = new Set(
        withDb((db) => db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all()),
      );
    }, 600_000);
    afterAll(() => dir.remove());

    it('recommends nothing rated, seen or not interested, with predictions beside IMDb', () => {
      // The first refresh trains the implicit model for this model version (once).
      const first = recommend('--top-n', '40', '--seed', '42');
      expect(first).toHaveLength(40);
      for (const x of first) {
        expect(rated.has(x.tconst)).toBe(false);
        expect(x.low).toBeLessThanOrEqual(x.predicted);
        expect(x.predicted).toBeLessThanOrEqual(x.high);
        if (x.imdbRating !== null) expect(x.imdbRating).toBeGreaterThanOrEqual(1);
      }
      expect(first.filter((x) => x.imdbRating !== null && x.imdbVotes! > 0).length).toBeGreaterThan(30);
      expect(withDb((db) => db.prepare('SELECT count(*) FROM recommend_implicit').pluck().get())).toBe(1);
      const [seen, notInterested] = [first[0]!.tconst, first[1]!.tconst];
      expect(cli('seen', 'add', seen).status).toBe(0);
      expect(cli('not-interested', 'add', notInterested).status).toBe(0);
      const after = recommend('--top-n', '200', '--seed', '42').map((x) => x.tconst);
      expect(after).not.toContain(seen);
      expect(after).not.toContain(notInterested);
      for (const t of after) expect(rated.has(t)).toBe(false);
      expect(
        cli('seen', 'list')
          .json<{ tconst: string }[]>()
          .map((m) => m.tconst),
      ).toEqual([seen]);
      expect(cli('seen', 'remove', seen).status).toBe(0);
      expect(cli('not-interested', 'remove', notInterested).status).toBe(0);
    });

    it('returns only titles of the genres asked for, any or all of them', () => {
      const any = recommend('--top-n', '60', '--seed', '1', '--genre', 'Horror', '--genre', 'Comedy');
      const all = recommend(
        '--top-n',
        '60',
        '--seed',
        '1',
        '--genre',
        'horror',
        '--genre',
        'comedy',
        '--genre-mode',
        'all',
      );
      expect(any).toHaveLength(60);
      expect(all.length).toBeGreaterThan(10);
      for (const x of any) expect(x.genres.some((g) => g === 'Horror' || g === 'Comedy')).toBe(true);
      for (const x of all) expect(x.genres).toEqual(expect.arrayContaining(['Horror', 'Comedy']));
      const unknown = cli('recommend', '--genre', 'Horrror');
      expect(unknown.status).toBe(2);
      expect(unknown.json()).toEqual({
        error: {
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/Unknown genre "Horrror"\. The dataset's genres are: Action,/),
        },
      });
    });

    it('repeats a list for the same seed and draws another for a different seed', () => {
      const a = recommend('--top-n', '30', '--seed', '7').map((x) => x.tconst);
      expect(recommend('--top-n', '30', '--seed', '7').map((x) => x.tconst)).toEqual(a);
      expect(recommend('--top-n', '30', '--seed', '8').map((x) => x.tconst)).not.toEqual(a);
    });

    it('ranks by the posterior mean at --explore 0', () => {
      const a = recommend('--top-n', '25', '--explore', '0', '--seed', '1').map((x) => x.tconst);
      expect(recommend('--top-n', '25', '--explore', '0', '--seed', '2').map((x) => x.tconst)).toEqual(a);
      // With the consensus penalty and the implicit part off, the score is the predicted rating itself.
      withDb((db) => saveTuning(db, { consensusStrength: 0, implicitWeight: 0 }));
      try {
        const got = recommend('--top-n', '25', '--explore', '0');
        const expected = withDb((db) => {
          const model = loadActiveModel(db)!;
          const fit = loadFit(db, model.id)!;
          const excluded = new Set([
            ...rated,
            ...db.prepare<[], string>('SELECT tconst FROM recommend_marks').pluck().all(),
          ]);
          // One item per IMDb id: the one with the most ratings (MovieLens lists a few films twice).
          const item = new Map<string, number>();
          const movies = db
            .prepare<[], { movie_id: number; tconst: string }>(
              'SELECT movie_id, tconst FROM movies WHERE tconst IS NOT NULL ORDER BY movie_id',
            )
            .all();
          for (const m of movies) {
            const i = itemIndex(model, m.movie_id);
            const other = item.get(m.tconst);
            if (i >= 0 && (other === undefined || model.itemCounts[i]! > model.itemCounts[other]!))
              item.set(m.tconst, i);
          }
          return [...item]
            .filter(([t]) => !excluded.has(t))
            .map(([t, i]) => [t, predictUserScale(model, fit.posterior, i).mean] as const)
            .sort((x, y) => y[1] - x[1])
            .slice(0, 25);
        });
        expect(got.map((x) => x.tconst)).toEqual(expected.map(([t]) => t));
        for (const [k, x] of got.entries())
          expect(x.predicted).toBeCloseTo(Math.min(10, Math.max(1, expected[k]![1])), 1);
      } finally {
        withDb((db) => saveTuning(db, null));
      }
    });

    it("lists the dataset's genres", () => {
      const lines = readFileSync(dataPath('ml-latest-small/movies.csv'), 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean);
      const genres = new Set(lines.flatMap((l) => l.slice(l.lastIndexOf(',') + 1).split('|')));
      genres.delete('(no genres listed)');
      expect(cli('recommend', '--list-genres').json()).toEqual([...genres].sort());
    });

    it('adds why with --show-details, and predicts a title by name', () => {
      const [x] = cli('recommend', '--top-n', '1', '--seed', '3', '--show-details').json<
        (Item & { why: { summary: string; similar: unknown[] } })[]
      >();
      expect(x!.why.summary).toMatch(/^Predicted \d+\.\d for you \(80% between/);
      expect(x!.why.similar.length).toBeGreaterThan(0);
      const p = cli('predict', 'Matrix, The', '--year', '1999');
      expect(p.status).toBe(0);
      expect(p.json()).toMatchObject({
        tconst: 'tt0133093',
        title: 'The Matrix',
        year: 1999,
        predicted: expect.any(Number),
        why: { summary: expect.any(String) },
      });
      const human = runCli(['--data-dir', dir.path, 'predict', 'the matrix']);
      expect(human.stdout).toMatch(/^The Matrix \(1999\) · Action, Sci-Fi, Thriller · IMDb 8\.7/);
      expect(human.stdout).toMatch(/Your predicted rating: \d+\.\d \(80% interval/);
    });
  },
);
