// The profile's IPC handlers (merged into main/ipc/handlers.ts): what the Profile view reads and does.
import type { Services } from '../services/index.ts';
import { exportProfile } from './export-data.ts';
import { factorInsights, quickStart, ratingsWithPredictions } from './insights.ts';
import { activeModel, overview, rateInApp, startUpdate, undoRateInApp } from './service.ts';
import { comparisonList, importRows, loadFit } from './store.ts';
import type {
  ComparisonRecord,
  ExportedFile,
  FactorInsight,
  ImportRow,
  ProfileOverview,
  ProfileRating,
  QuickStartFilm,
} from './types.ts';

export function profileHandlers(s: Services) {
  const fitOf = () => {
    const model = activeModel(s);
    return { model, fit: model ? loadFit(s.db, model.id) : null };
  };
  return {
    'profile/overview': (): ProfileOverview => overview(s),
    'profile/ratings': (): ProfileRating[] => {
      const { model, fit } = fitOf();
      return ratingsWithPredictions(s.db, model, fit);
    },
    'profile/comparisons': (): ComparisonRecord[] => comparisonList(s.db),
    'profile/importRows': ({ importId }: { importId: number }): ImportRow[] => importRows(s.db, importId),
    'profile/factors': (): FactorInsight[] => {
      const { model, fit } = fitOf();
      return model && fit ? factorInsights(s.db, model, fit) : [];
    },
    'profile/quickstart': (): QuickStartFilm[] => quickStart(s.db, activeModel(s)),
    'profile/rate': ({ tconst, rating }: { tconst: string; rating: number }): ProfileOverview => {
      rateInApp(s, tconst, rating);
      return overview(s);
    },
    'profile/undoRate': ({ tconst }: { tconst: string }): ProfileOverview => {
      undoRateInApp(s, tconst);
      return overview(s);
    },
    'profile/update': (): { jobId: string } => ({ jobId: startUpdate(s).id }),
    'profile/export': ({ format }: { format: 'json' | 'csv' }): ExportedFile[] => exportProfile(s.db, format),
  };
}
