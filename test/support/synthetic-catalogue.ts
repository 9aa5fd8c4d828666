// A catalogue and a trained model without real data: synthetic ModelParams saved as the active
// model, a MovieLens-like movies row per item (tt00000NN), and optionally IMDb titles such as a
// series the model does not know. For domain tests that must run without ../shared.
import type { Services } from '../../main/compose/services.ts';
import { saveModel } from '../../main/model/store.ts';
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
