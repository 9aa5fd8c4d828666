// The rate flow's Done-when check on real data: for each of the four real IMDb exports, a fifth of
// the rated films and series is hidden from the import; each hidden title is then rated through the
// rate flow against the titles that were imported (anchors), answering from its true rating (two
// titles rated the same: a coin flip), and a second time with 10% of answers flipped. Reported:
// comparisons per title, how often the stopping interval was reached, the 80% interval's coverage
// of the true rating, and the error of the saved rating against the prior's (the model's
// prediction, or your ratings' spread) as the baseline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/services/index.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { itemOf } from '../../main/profile/catalogue.ts';
import { readExportFile, type ExportRow } from '../../main/profile/imdb-export/parse.ts';
import { createSession } from '../../main/elicit/store.ts';
import { RateSession } from '../../main/elicit/rate/session.ts';
import { rng } from '../unit/profile-synthetic-model.ts';
import { clearProfile } from '../support/heldout.ts';
import { SAMPLE_EXPORTS } from '../support/known-counts.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

const HIDDEN_PER_EXPORT = 60;
const RATED_TYPES = new Set(['movie', 'tvMovie', 'tvSeries', 'tvMiniSeries', 'tvSpecial']);

interface Run {
  steps: number[];
  narrow: number;
  covered: number;
  absError: number;
  priorAbsError: number;
  byPrior: Record<string, { n: number; steps: number }>;
}

describe.skipIf(!hasSharedData)(
  `rate flow on real exports (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const dir = tempDir();
    let s: Services;
    beforeAll(async () => {
      s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
      await ingestMovieLens(s, dataPath('ml-latest-small'));
      saveModel(s.db, await trainModel(loadRatings(s.db), { seed: 5, threads: 1, validation: 0 }));
    });
    afterAll(() => {
      s?.shutdown();
      dir.remove();
    });

    it('places a hidden title in about 7 comparisons with an honest 80% interval', async () => {
      const r = rng(33);
      // Answers draw from their own stream, so the hidden titles do not depend on the answer model.
      const coin = rng(34);
      const runs: Record<'true' | 'flipped', Run> = {
        true: { steps: [], narrow: 0, covered: 0, absError: 0, priorAbsError: 0, byPrior: {} },
        flipped: { steps: [], narrow: 0, covered: 0, absError: 0, priorAbsError: 0, byPrior: {} },
      };
      const model = s.model.active()!;
      let titles = 0;
      let series = 0;
      for (const name of Object.keys(SAMPLE_EXPORTS)) {
        const path = dataPath(`imdb-exports/export-${name}.csv`);
        const parsed = readExportFile(path);
        const candidates = parsed.rows.filter((row) => RATED_TYPES.has(row.titleType));
        const hidden = [...candidates].sort(() => r.uniform() - 0.5).slice(0, HIDDEN_PER_EXPORT);
        const hiddenIds = new Set(hidden.map((h) => h.tconst));
        clearProfile(s.db);
        await s.profile.importRatings(
          path,
          {},
          { ...parsed, rows: parsed.rows.filter((x) => !hiddenIds.has(x.tconst)) },
        );
        for (const h of hidden) {
          titles++;
          if (h.titleType !== 'movie') series++;
          for (const kind of ['true', 'flipped'] as const)
            rateOnce(h, kind === 'flipped' ? 0.1 : 0, runs[kind]);
        }
      }

      function rateOnce(h: ExportRow, flip: number, run: Run): void {
        const item = itemOf(s.db, model, h.tconst);
        const target = {
          tconst: h.tconst,
          title: h.title,
          year: h.year,
          type: h.titleType,
          genres: h.genres,
          yourRating: null,
          maybeSeen: false,
          inModel: item >= 0,
          item,
        };
        const id = createSession(s.db, 'rate', 'binary-search', h.tconst);
        const session = new RateSession(
          id,
          { db: s.db, profile: s.profile, model: () => s.model.active() },
          target,
        );
        let st = session.state();
        const prior = st.steps[0]!;
        while (!st.done) {
          const anchor = st.anchor!.yourRating;
          let won = h.rating > anchor ? true : h.rating < anchor ? false : coin.uniform() < 0.5;
          if (coin.uniform() < flip) won = !won;
          st = session.answer(won ? 'a' : 'b');
        }
        const steps = st.steps.length - 1;
        run.steps.push(steps);
        if (st.stopped === 'narrow') run.narrow++;
        if (st.low <= h.rating && h.rating <= st.high) run.covered++;
        run.absError += Math.abs(st.rating - h.rating);
        run.priorAbsError += Math.abs(Math.round(prior.estimate) - h.rating);
        const p = (run.byPrior[st.prior] ??= { n: 0, steps: 0 });
        p.n++;
        p.steps += steps;
      }

      const report = (kind: 'true' | 'flipped') => {
        const run = runs[kind];
        const n = run.steps.length;
        const mean = run.steps.reduce((a, b) => a + b, 0) / n;
        const byPrior = Object.entries(run.byPrior)
          .map(([k, v]) => `${k} prior ${v.n} titles ${(v.steps / v.n).toFixed(2)} steps`)
          .join(', ');
        return {
          mean,
          coverage: run.covered / n,
          text:
            `${kind === 'true' ? 'answers from the true rating' : '10% of answers flipped'}: ${mean.toFixed(2)} comparisons on average ` +
            `(max ${Math.max(...run.steps)}), stopping interval reached ${((100 * run.narrow) / n).toFixed(1)}%, ` +
            `80% interval covers the true rating ${((100 * run.covered) / n).toFixed(1)}%, ` +
            `saved rating MAE ${(run.absError / n).toFixed(3)} vs the prior's ${(run.priorAbsError / n).toFixed(3)} (${byPrior})`,
        };
      };
      const exact = report('true');
      const flipped = report('flipped');
      console.log(
        `[rate sim] ${titles} hidden titles (${series} not films) from 4 real exports; ${exact.text}; ${flipped.text}`,
      );
      expect(titles).toBe(4 * HIDDEN_PER_EXPORT);
      expect(series).toBeGreaterThan(0);
      for (const run of [exact, flipped]) {
        expect(run.mean).toBeLessThanOrEqual(8);
        expect(run.coverage).toBeGreaterThanOrEqual(0.8);
      }
    }, 600_000);
  },
);
