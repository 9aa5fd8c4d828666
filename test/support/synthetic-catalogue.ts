// A catalogue and a trained model without real data: synthetic ModelParams saved as the active
// model, a MovieLens-like movies row per item (tt00000NN), and optionally IMDb titles such as a
// series the model does not know, placed by a metadata model when one is installed. For domain tests
// that must run without ../shared.
import type { Services } from '../../main/compose/services.ts';
import { fitMetadataModel, LIST_METADATA_OPTIONS } from '../../main/model/metadata/fit.ts';
import { loadMovieMetadata } from '../../main/model/metadata/load.ts';
import { saveMetadataModel } from '../../main/model/metadata/store.ts';
import { loadActiveModel, saveModel } from '../../main/model/store.ts';
import { defaultTrainOptions } from '../../main/model/options.ts';
import type { ModelParams } from '../../main/model/types.ts';

export const syntheticTconst = (movieId: number): string => `tt${String(movieId).padStart(7, '0')}`;

export function installSyntheticCatalogue(
  s: Services,
  params: ModelParams,
  imdb: { tconst: string; type: string; title: string; year: number }[] = [],
): number {
  const insert = s.db.prepare(
    'INSERT INTO movies (movie_id, title, year, genres, imdb_id, tconst, ml_votes, ml_mean) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  s.db.transaction(() => {
    params.itemIds.forEach((movieId, i) =>
      insert.run(
        movieId,
        `Film ${movieId}`,
        1960 + (movieId % 60),
        'Drama',
        String(movieId).padStart(7, '0'),
        syntheticTconst(movieId),
        params.itemCounts[i]! + (params.itemIds.length - i),
        3.5,
      ),
    );
    for (const t of imdb)
      s.db
        .prepare(
          'INSERT INTO imdb_titles (tconst, title_type, primary_title, original_title, start_year, genres) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(t.tconst, t.type, t.title, t.title, t.year, 'Drama');
  })();
  return saveModel(s.db, {
    params,
    epochs: [],
    backend: 'js',
    threads: 1,
    seconds: 0,
    summary: { users: 0, items: params.itemIds.length, ratings: 0, trainRatings: 0, heldOutRatings: 0 },
    options: defaultTrainOptions,
  });
}

/**
 * Gives the synthetic model version its metadata model (what training saves with each version,
 * model/metadata/version.ts, fitted here directly) and the IMDb titles `imdb` a rating row, so the
 * metadata model places them (model/metadata/load.ts reads titles with one).
 */
export function installMetadataModel(
  s: Services,
  modelId: number,
  imdb: { tconst: string }[],
  imdbRating = 7.9,
): void {
  const rating = s.db.prepare('INSERT OR REPLACE INTO imdb_ratings VALUES (?, ?, 25000)');
  for (const t of imdb) rating.run(t.tconst, imdbRating);
  const fitted = fitMetadataModel(loadActiveModel(s.db)!, loadMovieMetadata(s.db), LIST_METADATA_OPTIONS);
  saveMetadataModel(s.db, modelId, fitted.model, fitted.report);
}
