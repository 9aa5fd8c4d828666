// The Arena and Rate views in Chromium against real services: MovieLens, a trained model and a real
// export with series (aureliome's). The arena is answered by keyboard (←/→, =, S, H, U) and the
// "About the same" button, the meter
// falls, skip / not seen / undo change exactly what they say; a series is rated through the rate
// flow, its confidence chart growing one point per answer, and saved. Light and dark screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { ArenaPage, RatePage } from './pages/elicit.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData)(
  `arena and rate (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    let h: Harness;
    let shell: ShellPage;
    let arena: ArenaPage;
    let rate: RatePage;
    const count = (sql: string) => h.services.db.prepare(sql).pluck().get() as number;
    beforeAll(async () => {
      h = await startHarness({
        async beforeLoad(s) {
          await ingestMovieLens(s, dataPath('ml-latest-small'));
          saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 20, validation: 0 }));
          await s.profile.importRatings(dataPath('imdb-exports/export-aureliome.csv'));
        },
      });
      shell = new ShellPage(h.page);
      arena = new ArenaPage(h.page);
      rate = new RatePage(h.page);
    });
    afterAll(async () => {
      await h?.close();
      await closeBrowser();
    });

    it('answers the arena by keyboard: the meter falls, skip, not seen and undo work', async () => {
      await shell.open('arena');
      await expect.poll(() => arena.pair().count(), { timeout: 30_000 }).toBe(1);
      const start = await arena.meter();
      const answered = async () => Number(/(\d+) answered/.exec(await arena.counts().innerText())![1]);
      for (const [n, key] of [
        [1, 'ArrowLeft'],
        [2, 'ArrowRight'],
        [3, 'ArrowLeft'],
        [4, 'ArrowRight'],
      ] as const) {
        await arena.press(key);
        await expect.poll(answered).toBe(n);
      }
      expect(count("SELECT count(*) FROM profile_comparisons WHERE source = 'arena'")).toBe(4);
      await expect.poll(() => arena.meter()).toBeLessThan(start);
      // The top of the list is read after each answer, off its path (the worker may still be scoring).
      await expect.poll(() => arena.top().count(), { timeout: 20_000 }).toBe(10);
      await h.screenshot('arena-light');

      // S skips: no comparison stored.
      await arena.press('s');
      await expect.poll(() => arena.counts().innerText()).toMatch(/1 skipped/);
      expect(count("SELECT count(*) FROM profile_comparisons WHERE source = 'arena'")).toBe(4);
      // H marks a title not seen (when both are titles you know, the next arrow says which).
      await arena.press('h');
      if (await h.page.getByText('Which one have you not seen?').count()) await arena.press('ArrowLeft');
      await expect.poll(() => arena.counts().innerText()).toMatch(/1 not seen/);
      expect(count('SELECT count(*) FROM elicit_not_seen')).toBe(1);
      // U three times: the not-seen mark, the skip, then the last answer, for good.
      await arena.press('u');
      await expect.poll(() => arena.counts().innerText()).toMatch(/0 not seen/);
      expect(count('SELECT count(*) FROM elicit_not_seen')).toBe(0);
      await arena.press('u');
      await expect.poll(() => arena.counts().innerText()).toMatch(/0 skipped/);
      await arena.press('u');
      await expect.poll(answered).toBe(3);
      expect(count("SELECT count(*) FROM profile_comparisons WHERE source = 'arena'")).toBe(3);
      // An answer the moment the next pair appears is flagged as a possible slip, and can be undone.
      await arena.answerTwiceFast();
      await expect.poll(answered).toBe(5);
      await expect.poll(() => arena.flagged().count()).toBe(1);
      expect(count('SELECT count(*) FROM profile_comparisons WHERE flagged = 1')).toBeGreaterThan(0);
      // = and the button answer "about the same": stored as ties, counted as answers.
      await arena.press('=');
      await expect.poll(answered).toBe(6);
      await expect.poll(() => arena.counts().innerText()).toMatch(/1 about the same/);
      await h.page.getByTestId('arena-tie').click();
      await expect.poll(answered).toBe(7);
      await expect.poll(() => arena.counts().innerText()).toMatch(/2 about the same/);
      expect(count("SELECT count(*) FROM profile_comparisons WHERE tie = 1 AND answer = '='")).toBe(2);
      await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await h.screenshot('arena-dark');
      await h.page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    });

    it('rates a series from the export step by step, the chart growing with each answer, and saves it', async () => {
      await shell.open('rate');
      await rate.search().fill('Taboo');
      await expect.poll(() => rate.matches().count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await rate.matches().filter({ hasText: 'TV series' }).first().click();
      await expect.poll(() => rate.question().count()).toBe(1);
      expect(await rate.chartPoints()).toBe(1);
      const ties = () => count("SELECT count(*) FROM profile_comparisons WHERE source = 'rate' AND tie = 1");
      // The button answers "about the same" (a point on the chart, a stored tie); U takes it back.
      await h.page.getByTestId('rate-tie').click();
      await expect.poll(() => rate.chartPoints()).toBe(2);
      expect(ties()).toBe(1);
      await expect.poll(() => h.page.getByTestId('rate-steps').innerText()).toMatch(/About the same as/);
      await arena.press('u');
      await expect.poll(() => rate.chartPoints()).toBe(1);
      expect(ties()).toBe(0);
      const truth = 6; // aureliome rated Taboo 6
      let step = 1;
      let pressedTie = 0;
      while (await rate.question().count()) {
        const anchor = Number(
          /You rated it (\d+)\/10/.exec(
            await h.page.getByTestId('rate-question').locator('article').nth(1).innerText(),
          )![1],
        );
        // Against a title rated the same: = (about the same).
        await arena.press(truth > anchor ? 'ArrowLeft' : truth < anchor ? 'ArrowRight' : '=');
        if (truth === anchor) pressedTie++;
        step++;
        await expect.poll(() => rate.chartPoints()).toBe(step);
        if (step === 3) {
          await h.page.getByTestId('rate-chart').scrollIntoViewIfNeeded();
          await h.screenshot('rate-step-light');
        }
      }
      await expect.poll(() => rate.result().count()).toBe(1);
      expect(ties()).toBe(pressedTie);
      const shown = Number(/(\d+)\/10/.exec(await rate.result().innerText())![1]);
      await h.screenshot('rate-done-light');
      await rate.save().click();
      await expect.poll(() => h.page.getByTestId('rate-saved').count()).toBe(1);
      expect(
        h.services.db.prepare("SELECT rating, source FROM profile_ratings WHERE tconst = 'tt3647998'").get(),
      ).toEqual({
        rating: shown,
        source: 'in-app',
      });
      expect(Math.abs(shown - truth)).toBeLessThanOrEqual(1);
      await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await h.screenshot('rate-done-dark');
    });
  },
);
