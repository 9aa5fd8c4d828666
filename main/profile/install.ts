// Plugs the profile domain into the services: its piece of `status` and the drop route for IMDb
// ratings exports (each dropped export becomes one import job, one after another).
import type { AppContext } from '../services/context.ts';
import type { ModelService } from '../model/service.ts';
import { readExportFile } from './imdb-export/parse.ts';
import { profileSummary } from './lists.ts';
import { ProfileService } from './service.ts';

export function installProfile(app: AppContext, deps: { model: ModelService }): ProfileService {
  const profile = new ProfileService(app, deps.model);
  app.statusParts.profile = profileSummary;
  app.onShutdown(() => profile.shutdown()); // a background refit stops
  app.files.register(['imdb-export-csv'], async (paths) => {
    // Parse every file first: a file that is not an export is rejected before anything starts.
    const parsed = paths.map((p) => ({ path: p, parsed: readExportFile(p) }));
    let chain: Promise<unknown> = Promise.resolve();
    const ids = parsed.map(
      ({ path, parsed: p }) =>
        new Promise<string>((resolve) => {
          // One after another: each merge sees the previous one.
          chain = chain.then(() => {
            const job = profile.startImport(path, p);
            resolve(job.id);
            return job.done.catch(() => {});
          });
        }),
    );
    return { jobId: await ids[0] };
  });
  return profile;
}
