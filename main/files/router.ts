// Routes dropped files to the domain that handles their kind. Domains register a route at boot;
// a kind nobody handles is rejected with the list of what the app does accept.
import { basename } from 'node:path';
import { identifyFile } from './identify.ts';
import type { DropResult, FileKind } from './types.ts';

export type Route = (paths: string[]) => Promise<{ jobId?: string }>;

const descriptions: Record<Exclude<FileKind, 'unknown'>, string> = {
  'movielens-zip': 'a MovieLens .zip',
  'movielens-folder': 'a MovieLens folder',
  'movielens-ratings-csv': 'MovieLens ratings.csv',
  'movielens-movies-csv': 'MovieLens movies.csv',
  'movielens-links-csv': 'MovieLens links.csv',
  'movielens-tags-csv': 'MovieLens tags.csv',
  'imdb-tsv': 'an IMDb dataset .tsv/.tsv.gz',
  'imdb-export-csv': 'an IMDb ratings export .csv',
  'letterboxd-csv': 'a Letterboxd ratings.csv or diary.csv',
  'letterboxd-zip': 'a Letterboxd export .zip',
};

/** 'a MovieLens .zip', 'an IMDb ratings export .csv'... for messages. */
export function describeKind(kind: Exclude<FileKind, 'unknown'>): string {
  return descriptions[kind];
}

export class FileRouter {
  private readonly routes = new Map<FileKind, Route>();

  register(kinds: FileKind[], route: Route): void {
    for (const k of kinds) this.routes.set(k, route);
  }

  accepted(): string[] {
    return [...this.routes.keys()].map((k) => descriptions[k as Exclude<FileKind, 'unknown'>] ?? k);
  }

  async drop(paths: string[]): Promise<DropResult> {
    const result: DropResult = { accepted: [], rejected: [] };
    const byKind = new Map<FileKind, string[]>();
    for (const path of paths) {
      let kind: FileKind;
      try {
        kind = await identifyFile(path);
      } catch (err) {
        result.rejected.push({
          path,
          reason: `${basename(path)}: cannot be read (${(err as Error).message})`,
        });
        continue;
      }
      if (!this.routes.has(kind)) {
        const what = kind === 'unknown' ? 'is not a file Reeltaste recognises' : `is ${descriptions[kind]}`;
        const accepts = this.accepted();
        const hint = accepts.length
          ? `Reeltaste accepts ${accepts.join(', ')}.`
          : 'No importer is installed in this version yet.';
        result.rejected.push({
          path,
          reason: `${basename(path)} ${what}, which cannot be imported here. ${hint}`,
        });
        continue;
      }
      byKind.set(kind, [...(byKind.get(kind) ?? []), path]);
    }
    for (const [kind, group] of byKind) {
      const route = this.routes.get(kind)!;
      try {
        const { jobId } = await route(group);
        for (const path of group) result.accepted.push({ path, kind, jobId });
      } catch (err) {
        for (const path of group) result.rejected.push({ path, reason: (err as Error).message });
      }
    }
    return result;
  }
}
