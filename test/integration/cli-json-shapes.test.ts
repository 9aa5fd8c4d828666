// Pins the CLI's --json output: every field a command printed before the structure refactor (the
// public interface scripts rely on) is still there, on synthetic data so it runs everywhere. New
// fields may be added; none may go. The key lists were recorded from the CLI at commit 83eae82.
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { movieCatalogue, writeExport } from '../support/heldout.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';

const PINNED: Record<string, string[]> = {
  status: ['version', 'dataDir', 'schemaVersion', 'datasets', 'model', 'profile', 'nextStep'],
  // 'tags' too when the folder has tags.csv (the synthetic one has none).
  ingest: ['movies', 'ratings', 'users', 'links', 'seconds'],
  train: [
    'modelId',
    'backend',
    'threads',
    'seconds',
    'epochs',
    'trainRmse',
    'valRmse',
    'users',
    'items',
    'ratings',
  ],
  'check-calibration': [
    'rmse',
    'mae',
    'coverage80',
    'coverage95',
    'baselineRmse',
    'baselineMae',
    'biasOnlyRmse',
    'biasOnlyMae',
    'heldOut',
    'folds',
    'holdout',
    'seed',
    'reliability',
    'predictedVsActual',
    'meanPredictiveSd',
    'noiseSd',
    'perFold',
    'backend',
    'dim',
    'epochs',
    'seconds',
  ],
  'import-ratings': [
    'importId',
    'file',
    'format',
    'rows',
    'matched',
    'unmatched',
    'skipped',
    'byType',
    'unmatchedByType',
    'skippedByReason',
    'rawTypes',
    'added',
    'changed',
    'unchanged',
    'keptInApp',
    'unrated',
    'duplicates',
    'inModel',
    'importedAt',
    'seconds',
    'note',
    'fit',
    'fitError',
  ],
  update: ['modelId', 'ratingsUsed', 'comparisonsUsed', 'slope', 'offset', 'fittedAt', 'kind', 'seconds'],
};

describe('CLI --json shapes (synthetic data)', () => {
  const tmp = tempDir('reeltaste-shapes-');
  const data = join(tmp.path, 'data');
  const json = (...args: string[]) => {
    const r = runCli(['--data-dir', data, '--json', ...args]);
    expect(r.status, r.stderr).toBe(0);
    return r.json<Record<string, unknown>>();
  };
  let ml: string;
  beforeAll(() => {
    ml = writeSyntheticMovieLens(join(tmp.path, 'ml'), 30_000, 5).dir;
  });
  afterAll(() => tmp.remove());

  it('keeps every field of status, ingest, train, check-calibration, import-ratings and update', () => {
    const keys = (o: Record<string, unknown>) => Object.keys(o);
    expect(keys(json('status'))).toEqual(expect.arrayContaining(PINNED.status!));
    expect(keys(json('ingest', 'movielens', ml))).toEqual(expect.arrayContaining(PINNED.ingest!));
    const small = ['--epochs', '2', '--dim', '4', '--threads', '1'];
    expect(keys(json('train', ...small))).toEqual(expect.arrayContaining(PINNED.train!));
    expect(keys(json('check-calibration', ...small))).toEqual(
      expect.arrayContaining(PINNED['check-calibration']!),
    );
    const db = new BetterSqlite3(join(data, 'reeltaste.db'), { readonly: true });
    const movies = movieCatalogue(db);
    db.close();
    const rated = [...movies.keys()].slice(0, 30).map((movieId, i) => ({ movieId, stars: 1 + (i % 9) / 2 }));
    writeExport(join(tmp.path, 'export.csv'), rated, movies);
    const imported = json('import-ratings', join(tmp.path, 'export.csv'));
    expect(keys(imported)).toEqual(expect.arrayContaining(PINNED['import-ratings']!));
    expect(imported).toMatchObject({ rows: 30, matched: 30 });
    expect(keys(json('update'))).toEqual(expect.arrayContaining(PINNED.update!));
  });
});
