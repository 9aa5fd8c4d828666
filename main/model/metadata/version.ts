// The metadata model fitted with each model version: in the worker right after training (it reads
// what IMDb has for the MovieLens films on its read-only connection), saved by main beside the
// version. Off training's failure modes: a fit that throws is reported as an error, never thrown.
import { openDatabase } from '../../db/database.ts';
import type { TrainedModel } from '../types.ts';
import { fitMetadataModel, LIST_METADATA_OPTIONS } from './fit.ts';
import { loadMovieMetadata } from './load.ts';
import { serialiseMetadataModel } from './serialise.ts';

/**
 * Fits the version's metadata model. LIST_METADATA_OPTIONS: the catalogue ranks metadata-only titles
 * among trained ones, and those options keep them from flooding the list (README "Titles outside
 * MovieLens", mixed lists), at a small cost in cold-title RMSE against the re-centred default.
 */
export function fitVersionMetadata(
  dbFile: string,
  trained: Pick<TrainedModel, 'params' | 'options'>,
): NonNullable<TrainedModel['metadata']> {
  try {
    const db = openDatabase(dbFile, { readonly: true });
    try {
      const { model, report } = fitMetadataModel(trained.params, loadMovieMetadata(db), {
        ...LIST_METADATA_OPTIONS,
        biasPrior: trained.options.itemBiasPrior,
      });
      return { blob: serialiseMetadataModel(model), report };
    } finally {
      db.close();
    }
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}
