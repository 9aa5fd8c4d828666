// Plugs the Letterboxd import into the services: the drop route for Letterboxd exports (each dropped
// file becomes one import job, one after another). Installed after search, whose service it matches
// titles through.
import type { AppContext } from '../../services/context.ts';
import { readLetterboxdFile } from './parse.ts';
import { LetterboxdService, type LetterboxdDeps } from './service.ts';

export function installLetterboxd(app: AppContext, deps: LetterboxdDeps): LetterboxdService {
  const letterboxd = new LetterboxdService(app, deps);
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
            const job = letterboxd.start(path, p);
            resolve(job.id);
            return job.done.catch(() => {});
          });
        }),
    );
    return { jobId: await ids[0] };
  });
  return letterboxd;
}
