// The synthetic user the e2e flows start from (no ../shared needed): the synthetic MovieLens
// catalogue imported and trained, the implicit model trained (a job whose end the app store hears,
// so it is done before a test counts or looks), and the synthetic IMDb export imported.
import type { Services } from '../../main/compose/services.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

export const [synthetic] = movieLensFixtures();

/** `afterTraining` runs between training and the implicit model (for what a version saves with it). */
export async function setUpSyntheticUser(
  s: Services,
  afterTraining?: (modelId: number) => void,
): Promise<void> {
  await ingestMovieLens(s, synthetic!.movielens);
  const modelId = saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 10, validation: 0 }));
  afterTraining?.(modelId);
  s.recommend.implicitOptions = { cap: 300 };
  await s.recommend.ensureImplicit()?.done;
  await s.profile.importRatings(synthetic!.export.file);
}
