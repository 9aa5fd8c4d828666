// The metadata model fitted on a trained model version and stored beside it (synthetic data, and
// ml-latest-small with ../shared): the MovieLens films' metadata read from the database (IMDb's
// tables where imported, else MovieLens' own year and genres), the blob round-trips to the same
// predictions, and deleting the version deletes its metadata model.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { fitMetadataModel } from '../../main/model/metadata/fit.ts';
import { loadMovieMetadata } from '../../main/model/metadata/load.ts';
import { loadMetadataModel, saveMetadataModel } from '../../main/model/metadata/store.ts';
import { saveModel } from '../../main/model/store.ts';
import { trainModel } from '../../main/model/train.ts';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

describe.each(movieLensFixtures())('metadata model storage ($name)', (fixture) => {
  let t: ReturnType<typeof testServices>;
  beforeAll(async () => {
    t = testServices();
    await ingestMovieLens(t.s, fixture.movielens);
    await ingestImdb(t.s, [fixture.imdb.ratings]);
  }, 120_000);
  afterAll(() => t.close());

  it('fits on a trained version, stores it, reads back the same predictions, goes with its version', async () => {
    const trained = await trainModel(loadRatings(t.s.db), { seed: 3, epochs: 8, validation: 0, threads: 1 });
    const modelId = saveModel(t.s.db, trained);
    const metadata = loadMovieMetadata(t.s.db);
    expect(metadata.size).toBe(fixture.counts.movies);
    const withRating = [...metadata.values()].filter((m) => m.imdbRating !== null).length;
    expect(withRating).toBe(fixture.imdb.matchedMovies);
    const { model, report } = fitMetadataModel(trained.params, metadata, { minCount: 3 });
    expect(report.items).toBeGreaterThan(50);
    saveMetadataModel(t.s.db, modelId, model, report);
    const back = loadMetadataModel(t.s.db, modelId)!;
    expect(back.report).toEqual(report);
    for (const m of [...metadata.values()].slice(0, 30))
      expect(back.model.posterior(m)).toEqual(model.posterior(m));
    expect(loadMetadataModel(t.s.db, modelId + 1)).toBeNull();
    t.s.db.prepare('DELETE FROM models WHERE id = ?').run(modelId);
    expect(loadMetadataModel(t.s.db, modelId)).toBeNull();
  }, 120_000);
});
