// The profile's CLI commands as a user's script runs them: import-ratings (--json with rows,
// matched, unmatched, byType), a bad file, and update before and after a model exists; on a
// synthetic catalogue and export, and on ml-latest-small with the real exports when ../shared is there.
import { afterAll, describe, expect, it } from 'vitest';
import { basename, join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

describe.each(movieLensFixtures())('profile CLI ($name)', (f) => {
  const dir = tempDir();
  const cli = (...args: string[]) => runCli(['--data-dir', dir.path, ...args]);
  afterAll(() => dir.remove());

  it('imports an export with --json, and update explains that a model is needed', () => {
    const r = cli('--json', 'import-ratings', f.export.file);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json()).toMatchObject({
      rows: f.export.rows,
      matched: 0,
      unmatched: f.export.rows,
      skipped: 0,
      byType: f.export.byType,
    });
    const u = cli('--json', 'update');
    expect(u.status).toBe(1);
    expect(u.json()).toEqual({
      error: { code: 'NO_MODEL', message: expect.stringMatching(/train it first/) },
    });
    expect(cli('--json', 'status').json()).toMatchObject({
      profile: { ratings: f.export.rows, comparisons: 0 },
    });
  });

  it('rejects a file that is not an export, naming file and line', () => {
    const r = cli('--json', 'import-ratings', join(f.movielens, 'movies.csv'));
    expect(r.status).toBe(1);
    expect(r.json()).toEqual({
      error: {
        code: 'BAD_FILE',
        message: expect.stringMatching(/^movies\.csv line 1: expected the header of an IMDb ratings export/),
      },
    });
  });

  it('matches and fits once MovieLens and a model exist', () => {
    expect(cli('--json', 'ingest', 'movielens', f.movielens).status).toBe(0);
    expect(cli('--json', 'train', '--epochs', '10').status).toBe(0);
    const r = cli('--json', 'import-ratings', f.export.file);
    expect(r.status, r.stderr).toBe(0);
    const out = r.json<{
      file: string;
      rows: number;
      matched: number;
      unmatched: number;
      byType: object;
      fit: { ratingsUsed: number };
    }>();
    expect(out).toMatchObject({ rows: f.export.rows, byType: f.export.byType });
    expect(out.matched).toBeGreaterThan(0);
    expect(out.matched + out.unmatched).toBe(f.export.rows);
    // The fit uses the matched films that the model knows (nearly all of them).
    expect(out.fit.ratingsUsed).toBeLessThanOrEqual(out.matched);
    expect(out.fit.ratingsUsed).toBeGreaterThan(0.9 * out.matched);
    const u = cli('update');
    expect(u.status).toBe(0);
    expect(u.stdout).toMatch(
      new RegExp(`Taste fitted from ${out.fit.ratingsUsed} ratings and 0 comparisons against model #1`),
    );
    expect(basename(out.file)).toBe(basename(f.export.file));
  });
});

describe.skipIf(!hasSharedData)(
  `profile CLI on the other real exports (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const dir = tempDir();
    const cli = (...args: string[]) => runCli(['--data-dir', dir.path, ...args]);
    afterAll(() => dir.remove());

    it('imports the legacy list export, skipping what is not a film or series', () => {
      const r = cli('--json', 'import-ratings', dataPath('imdb-exports/export-michael-123.csv'));
      expect(r.status).toBe(0);
      expect(r.json()).toMatchObject({
        rows: 774,
        matched: 0,
        unmatched: 773,
        skipped: 1,
        byType: { movie: 743, tvSeries: 17, tvMovie: 9, tvMiniSeries: 3, short: 1, videoGame: 1 },
      });
      expect(cli('--json', 'status').json()).toMatchObject({ profile: { ratings: 773, comparisons: 0 } });
    });

    it('rejects the MovieLens tags file, naming file and line', () => {
      const r = cli('--json', 'import-ratings', dataPath('ml-latest-small/tags.csv'));
      expect(r.status).toBe(1);
      expect(r.json()).toEqual({
        error: {
          code: 'BAD_FILE',
          message: expect.stringMatching(/^tags\.csv line 1: expected the header of an IMDb ratings export/),
        },
      });
    });
  },
);
