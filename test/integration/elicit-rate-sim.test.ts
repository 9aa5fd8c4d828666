// The rate flow's Done-when check on real data: for each of the four real IMDb exports, a fifth of
// the rated films and series is hidden from the import; each hidden title is then rated through the
// rate flow against the titles that were imported (anchors), answering from its true rating (two
// titles rated the same: "about the same", =), a second time with 10% of answers flipped (a tie
// flipped: a random side), and a third time by a user who skips instead of answering ties (what
// the flow offered before =). Reported: prompts per title (skips included), how often the stopping
// interval was reached, the 80% interval's coverage of the true rating, and the error of the saved
// rating against the prior's (the model's prediction, or your ratings' spread) as the baseline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { parseGenres } from '../../main/catalogue/genres.ts';
import { itemOf } from '../../main/catalogue/items.ts';
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

type Kind = 'true' | 'flipped' | 'skips';

interface Run {
  /** Prompts shown per title: answered and skipped. */
  steps: number[];
  skipped: number;
  narrow: number;
  covered: number;
  coveredRating: number;
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
      const empty = (): Run => ({
        steps: [],
        skipped: 0,
        narrow: 0,
        covered: 0,
        coveredRating: 0,
        absError: 0,
        priorAbsError: 0,
        byPrior: {},
      });
      const runs: Record<Kind, Run> = { true: empty(), flipped: empty(), skips: empty() };
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
          for (const kind of ['true', 'flipped', 'skips'] as const) rateOnce(h, kind, runs[kind]);
        }
      }

      function rateOnce(h: ExportRow, kind: Kind, run: Run): void {
        const item = itemOf(s.db, model, h.tconst);
        const target = {
          tconst: h.tconst,
          title: h.title,
          year: h.year,
          type: h.titleType,
          genres: parseGenres(h.genres),
          yourRating: null,
          maybeSeen: false,
          inModel: item >= 0,
          source: item >= 0 ? ('ratings' as const) : null,
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
          let answer: 'a' | 'b' | 'tie' | 'skip' = h.rating > anchor ? 'a' : h.rating < anchor ? 'b' : 'tie';
          if (kind === 'flipped' && coin.uniform() < 0.1)
            answer = answer === 'a' ? 'b' : answer === 'b' ? 'a' : coin.uniform() < 0.5 ? 'a' : 'b';
          if (kind === 'skips' && answer === 'tie') answer = 'skip';
          st = session.answer(answer);
        }
        const steps = st.steps.length - 1 + st.skipped;
        expect(session.result()).toMatchObject({ steps: st.steps.length - 1, skipped: st.skipped });
        run.steps.push(steps);
        run.skipped += st.skipped;
        if (st.stopped === 'narrow') run.narrow++;
        // The interval is on your liking before rounding: the truth is the rating's liking, anywhere
        // within its half-point (the rounding every whole rating carries). The chance it falls in
        // the interval is the overlap's length (exact: no draw adds noise to the figure).
        run.covered += Math.max(0, Math.min(st.high, h.rating + 0.5) - Math.max(st.low, h.rating - 0.5));
        if (st.low <= h.rating && h.rating <= st.high) run.coveredRating++;
        run.absError += Math.abs(st.rating - h.rating);
        run.priorAbsError += Math.abs(Math.round(prior.estimate) - h.rating);
        const p = (run.byPrior[st.prior] ??= { n: 0, steps: 0 });
        p.n++;
        p.steps += steps;
      }

      const report = (kind: Kind) => {
        const run = runs[kind];
        const n = run.steps.length;
        const mean = run.steps.reduce((a, b) => a + b, 0) / n;
        const byPrior = Object.entries(run.byPrior)
          .map(([k, v]) => `${k} prior ${v.n} titles ${(v.steps / v.n).toFixed(2)} steps`)
          .join(', ');
        return {
          mean,
          coverage: run.covered / n,
          max: Math.max(...run.steps),
          text:
            `${{ true: 'answers from the true rating', flipped: '10% of answers flipped', skips: 'ties skipped' }[kind]}: ${mean.toFixed(2)} prompts on average ` +
            `(max ${Math.max(...run.steps)}, ${run.skipped} skipped), stopping interval reached ${((100 * run.narrow) / n).toFixed(1)}%, ` +
            `80% interval covers the true liking ${((100 * run.covered) / n).toFixed(1)}% (its whole rating ${((100 * run.coveredRating) / n).toFixed(1)}%), ` +
            `saved rating MAE ${(run.absError / n).toFixed(3)} vs the prior's ${(run.priorAbsError / n).toFixed(3)} (${byPrior})`,
        };
      };
      const exact = report('true');
      const flipped = report('flipped');
      const skips = report('skips');
      console.log(
        `[rate sim] ${titles} hidden titles (${series} not films) from 4 real exports; ${exact.text}; ${flipped.text}; ${skips.text}`,
      );
      expect(titles).toBe(4 * HIDDEN_PER_EXPORT);
      expect(series).toBeGreaterThan(0);
      // The floors: at most 8 prompts on average answering ties as ties, an 80% interval
      // that covers 78-85% of the time (true answers) and at least 75% with 10% flipped.
      expect(exact.mean).toBeLessThanOrEqual(8);
      expect(exact.coverage).toBeGreaterThanOrEqual(0.78);
      expect(exact.coverage).toBeLessThanOrEqual(0.85);
      expect(flipped.mean).toBeLessThanOrEqual(8);
      expect(flipped.coverage).toBeGreaterThanOrEqual(0.75);
      // Skipping costs a prompt each, never more than --max-steps (10 by default) in all.
      expect(skips.max).toBeLessThanOrEqual(10);
    }, 600_000);
  },
);
