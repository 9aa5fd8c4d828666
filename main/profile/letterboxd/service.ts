// The Letterboxd import: a parsed export's rows matched to titles through search's service (a
// Letterboxd row has a name and a year, no IMDb id), stored through the profile's import path
// (its merge rules, its writer, the refit after), and the rows left to resolve. A job per import.
import { basename } from 'node:path';
import { AppError } from '../../errors.ts';
import type { ModelService } from '../../model/service.ts';
import { titleMeta } from '../../catalogue/titles.ts';
import type { SearchService } from '../../search/service.ts';
import type { AppContext } from '../../services/context.ts';
import type { ProfileService } from '../service.ts';
import type { RunHooks } from '../types.ts';
import { resolveRow, storeLetterboxd } from './import.ts';
import type { ParsedLetterboxd } from './parse.ts';
import { unresolvedRows } from './store.ts';
import type { LetterboxdOutcome, UnresolvedRow } from './types.ts';

export interface LetterboxdDeps {
  model: ModelService;
  profile: ProfileService;
  search: SearchService;
}

export class LetterboxdService {
  private readonly app: AppContext;
  private readonly deps: LetterboxdDeps;

  constructor(app: AppContext, deps: LetterboxdDeps) {
    this.app = app;
    this.deps = deps;
  }

  /** Imports a parsed export as a job (parse first: a bad file is refused before anything starts). */
  start(
    path: string,
    parsed: ParsedLetterboxd,
    resolutions: ReadonlyMap<number, string> = new Map(),
  ): { id: string; done: Promise<LetterboxdOutcome> } {
    this.checkResolutions(parsed, resolutions);
    return this.app.jobs.start(
      'search/letterboxd',
      `Importing your Letterboxd ratings (${basename(path)})`,
      (ctx) => this.import(path, parsed, resolutions, { signal: ctx.signal, onProgress: ctx.progress }),
    );
  }

  async import(
    path: string,
    parsed: ParsedLetterboxd,
    resolutions: ReadonlyMap<number, string>,
    hooks: RunHooks = {},
  ): Promise<LetterboxdOutcome> {
    const { model, profile, search } = this.deps;
    const matches = await search.match(parsed.entries, hooks);
    const db = this.app.db;
    const outcome = await profile.importWith(
      () => storeLetterboxd(db, parsed, path, matches, resolutions, model.active()),
      hooks,
    );
    return { ...outcome, unresolved: unresolvedRows(db, outcome.importId) };
  }

  /** The user's pick for a row the import could not match: stored as its rating, then refitted. */
  async resolve(importId: number, row: number, tconst: string): Promise<LetterboxdOutcome> {
    const db = this.app.db;
    if (!titleMeta(db, tconst)) throw new AppError('NOT_FOUND', `${tconst} is not in the catalogue.`);
    const outcome = await this.deps.profile.importWith(() =>
      resolveRow(db, importId, row, tconst, this.deps.model.active()),
    );
    return { ...outcome, unresolved: unresolvedRows(db, importId) };
  }

  unresolved(importId: number): UnresolvedRow[] {
    return unresolvedRows(this.app.db, importId);
  }

  private checkResolutions(parsed: ParsedLetterboxd, resolutions: ReadonlyMap<number, string>): void {
    const lines = new Set(parsed.entries.map((e) => e.line));
    for (const [row, tconst] of resolutions) {
      if (!lines.has(row))
        throw new AppError(
          'INVALID_INPUT',
          `--resolve ${row}=${tconst}: ${parsed.file} has no rated film on line ${row}.`,
        );
      if (!titleMeta(this.app.db, tconst))
        throw new AppError('NOT_FOUND', `--resolve ${row}=${tconst}: ${tconst} is not in the catalogue.`);
    }
  }
}
