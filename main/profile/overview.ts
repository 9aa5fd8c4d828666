// What the Profile view and `status` show of the profile: counts, how many rated titles the catalogue
// and the model know, the fit, the last import, and what to do next when something is missing.
import type { Database } from 'better-sqlite3';
import type { ActiveModel } from '../model/types.ts';
import { hasCatalogue, movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { counts, lastImport } from './lists.ts';
import { fitSummary, loadFit } from './store.ts';
import type { ProfileOverview } from './types.ts';

export function profileOverview(db: Database, model: ActiveModel | null): ProfileOverview {
  const c = counts(db);
  const fit = model ? loadFit(db, model.id) : null;
  const catalogue = hasCatalogue(db);
  const rated = db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all();
  const ids = movieIdsByTconst(db, rated);
  const inModel = model ? rated.filter((t) => resolveItem(model, ids.get(t)).item >= 0).length : null;
  const nextStep = !catalogue
    ? 'Import MovieLens (Settings → Data) so your ratings can be matched to films.'
    : !model
      ? 'Train the model (Settings → Training) to fit your taste from your ratings.'
      : c.ratings + c.comparisons === 0
        ? 'Drop your IMDb ratings export on this window, or rate a few films below.'
        : null;
  return {
    ...{ ratings: c.ratings, imported: c.imported, inApp: c.inApp, comparisons: c.comparisons },
    matched: ids.size,
    inModel,
    hasCatalogue: catalogue,
    hasModel: model !== null,
    fit: fit ? fitSummary(fit) : null,
    lastImport: lastImport(db),
    imports: c.imports,
    nextStep,
  };
}
