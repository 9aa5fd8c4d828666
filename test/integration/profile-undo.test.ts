// Undo of a rating click, over real SQLite with a MovieLens catalogue (synthetic, and ml-latest-small
// when ../shared is there): a new in-app rating is removed again, a rating that replaced an imported
// one gives the imported row back exactly, both are logged as events, there is nothing to undo twice,
// and a refit never stores or builds on a result that an answer or an undo overtook.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { readExportFile } from '../../main/profile/imdb-export/parse.ts';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

describe.each(movieLensFixtures())('undo a rating ($name)', (f) => {
  const t = testServices('reeltaste-undo-');
  const s = t.s;
  /** The most rated film of the catalogue that the export does not hold. */
  let film: string;
  const row = (tconst: string) => s.db.prepare('SELECT * FROM profile_ratings WHERE tconst = ?').get(tconst);
  const lastEvent = () =>
    s.db
      .prepare('SELECT tconst, rating, previous, source FROM profile_rating_events ORDER BY id DESC LIMIT 1')
      .get();
  /** Popular films the profile does not have yet. */
  const unrated = (n: number) =>
    s.db
      .prepare<[number], string>(
        'SELECT tconst FROM movies WHERE tconst NOT IN (SELECT tconst FROM profile_ratings) ORDER BY ml_votes DESC, movie_id LIMIT ?',
      )
      .pluck()
      .all(n);
  beforeAll(async () => {
    await ingestMovieLens(s, f.movielens);
    const exported = new Set(readExportFile(f.export.file).rows.map((r) => r.tconst));
    film = unrated(1000).find((x) => !exported.has(x))!;
  });
  afterAll(() => t.close());

  it('removes a first in-app rating again', () => {
    s.profile.rate(film, 8);
    expect(row(film)).toMatchObject({ rating: 8, source: 'in-app' });
    s.profile.undoRate(film);
    expect(row(film)).toBeUndefined();
    expect(lastEvent()).toEqual({ tconst: film, rating: null, previous: 8, source: 'undo' });
    expect(s.status().profile).toBeNull();
  });

  it('gives back the exact imported row an in-app rating replaced', async () => {
    await s.profile.importRatings(f.export.file);
    const imported = s.db
      .prepare<[], Record<string, unknown> & { tconst: string; rating: number }>(
        "SELECT * FROM profile_ratings WHERE source = 'imported' AND rating < 9 ORDER BY tconst LIMIT 1",
      )
      .get()!;
    s.profile.rate(imported.tconst, imported.rating + 2);
    expect(row(imported.tconst)).toMatchObject({ rating: imported.rating + 2, source: 'in-app' });
    s.profile.undoRate(imported.tconst);
    expect(row(imported.tconst)).toEqual(imported);
    expect(lastEvent()).toEqual({
      tconst: imported.tconst,
      rating: imported.rating,
      previous: imported.rating + 2,
      source: 'undo',
    });
  });

  it('says clearly when there is nothing to undo', () => {
    expect(() => s.profile.undoRate(film)).toThrow(new RegExp(`no rating of ${film} to undo`));
  });

  it('does not let a full fit that a new rating overtook store a stale result', async () => {
    saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 5, validation: 0 }));
    const settled = await s.profile.fit();
    const [fresh] = unrated(1);
    const fitting = s.profile.fit();
    // While the worker fits, a new answer arrives.
    s.profile.rate(fresh!, 9);
    const fit = await fitting;
    expect(fit.ratingsUsed).toBe(settled.ratingsUsed + 1);
    expect(s.profile.overview().fit?.ratingsUsed).toBe(settled.ratingsUsed + 1);
  });

  it('never stacks a new answer on a fit that still counts an undone rating', async () => {
    await s.profile.settled();
    const [a, b] = unrated(2);
    const base = s.profile.overview().fit!.ratingsUsed;
    expect(s.profile.rate(a!, 8)?.ratingsUsed).toBe(base + 1); // incremental, on a current fit
    s.profile.undoRate(a!);
    // The stored fit still counts the undone rating: the next answer waits for the refit instead.
    expect(s.profile.rate(b!, 7)).toBeNull();
    expect(s.profile.overview().fit!.ratingsUsed).not.toBe(base + 2);
    await s.profile.settled();
    expect(s.profile.overview().fit).toMatchObject({ ratingsUsed: base + 1, kind: 'full' });
  });
});
