// Plugs the search domain into the services: the index as tables derived from the datasets (every
// import rebuilds it in its staging swap), and the drop route for Letterboxd exports (each dropped
// file becomes one import job, one after another).
import type { ModelService } from '../model/service.ts';
import type { ProfileService } from '../profile/service.ts';
import type { AppContext } from '../services/context.ts';
import { readLetterboxdFile } from './letterboxd/parse.ts';
import { SearchService } from './service.ts';

export function installSearch(
  app: AppContext,
  deps: { model: ModelService; profile: ProfileService },
): SearchService {
  const search = new SearchService(app, deps);
  app.derivedTables.push(search.derived);
  app.files.register(['letterboxd-csv', 'letterboxd-zip'], async (paths) => {
    // Parse every file first: one that is not an export is rejected before anything starts.
    const parsed = await Promise.all(
      paths.map(async (p) => ({ path: p, parsed: await readLetterboxdFile(p) })),
    );
    let chain: Promise<unknown> = Promise.resolve();
    const ids = parsed.map(
      ({ path, parsed: p }) =>
        new Promise<string>((resolve) => {
          // One after another: each merge sees the previous one.
          chain = chain.then(() => {
            const job = search.startLetterboxdImport(path, p);
            resolve(job.id);
            return job.done.catch(() => {});
          });
        }),
    );
    return { jobId: await ids[0] };
  });
  app.onShutdown(() => search.shutdown()); // the search thread ends
  return search;
}
