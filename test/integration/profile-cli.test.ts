// The profile's CLI commands as a user's script runs them: import-ratings (--json with rows,
// matched, unmatched, byType), a bad file, and update before and after a model exists.
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

describe.skipIf(!hasSharedData)(
  `profile CLI (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const dir = tempDir();
    const cli = (...args: string[]) => runCli(['--data-dir', dir.path, ...args]);
    afterAll(() => dir.remove());

    it('imports an export with --json, and update explains that a model is needed', () => {
      const r = cli('--json', 'import-ratings', dataPath('imdb-exports/export-michael-123.csv'));
      expect(r.status).toBe(0);
      expect(r.json()).toMatchObject({
        rows: 774,
        matched: 0,
        unmatched: 773,
        skipped: 1,
        byType: { movie: 743, tvSeries: 17, tvMovie: 9, tvMiniSeries: 3, short: 1, videoGame: 1 },
      });
      const u = cli('--json', 'update');
      expect(u.status).toBe(1);
      expect(u.json()).toEqual({
        error: { code: 'NO_MODEL', message: expect.stringMatching(/train it first/) },
      });
      expect(cli('--json', 'status').json()).toMatchObject({ profile: { ratings: 773, comparisons: 0 } });
    });

    it('rejects a file that is not an export, naming file and line', () => {
      const r = cli('--json', 'import-ratings', dataPath('ml-latest-small/tags.csv'));
      expect(r.status).toBe(1);
      expect(r.json()).toEqual({
        error: {
          code: 'BAD_FILE',
          message: expect.stringMatching(/^tags\.csv line 1: expected the header of an IMDb ratings export/),
        },
      });
    });

    it('matches and fits once MovieLens and a model exist', () => {
      expect(cli('--json', 'ingest', 'movielens', dataPath('ml-latest-small')).status).toBe(0);
      expect(cli('--json', 'train', '--epochs', '10').status).toBe(0);
      const r = cli('--json', 'import-ratings', dataPath('imdb-exports/export-ethanfuerst.csv'));
      expect(r.status).toBe(0);
      const out = r.json<{
        rows: number;
        matched: number;
        unmatched: number;
        byType: object;
        fit: { ratingsUsed: number };
      }>();
      expect(out).toMatchObject({ rows: 411, byType: { movie: 410, short: 1 } });
      expect(out.matched + out.unmatched).toBe(411);
      expect(out.fit.ratingsUsed).toBeGreaterThan(out.matched);
      const u = cli('update');
      expect(u.status).toBe(0);
      expect(u.stdout).toMatch(/Taste fitted from \d+ ratings and 0 comparisons against model #1/);
    });
  },
);
