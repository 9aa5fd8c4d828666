// The Recommendations view in Chromium against real services: ml-latest-small with IMDb ratings, a
// trained model (and its implicit model) and a real IMDb export imported. The grid renders generated
// posters, filters narrow the list (every card matches), the details panel explains why, and the
// keyboard marks titles (S, W, N) with Undo in the toast; light and dark screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

/** Refreshes run in the compute worker, which shares a small machine with the rest of the suite. */
const SLOW = { timeout: 20_000 };

describe.skipIf(!hasSharedData)(
  `recommendations (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    let h: Harness;
    let shell: ShellPage;
    let rec: RecommendationsPage;
    const genresOf = (tconst: string) =>
      h.services.db
        .prepare<[string], string>('SELECT genres FROM movies WHERE tconst = ?')
        .pluck()
        .get(tconst)!;
    const markOf = (tconst: string) =>
      h.services.db
        .prepare<[string], string>('SELECT mark FROM recommend_marks WHERE tconst = ?')
        .pluck()
        .get(tconst) ?? null;

    beforeAll(async () => {
      h = await startHarness({
        async beforeLoad(s) {
          await ingestMovieLens(s, dataPath('ml-latest-small'));
          await ingestImdb(s, [dataPath('imdb/title.ratings.tsv.gz')]);
          saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 15, validation: 0 }));
          s.recommend.implicitOptions = { cap: 800 };
          await s.recommend.ensureImplicit()?.done;
          await s.profile.importRatings(dataPath('imdb-exports/export-ethanfuerst.csv'));
        },
      });
      shell = new ShellPage(h.page);
      rec = new RecommendationsPage(h.page);
    });
    afterAll(async () => {
      await h?.close();
      await closeBrowser();
    });

    it('renders the grid with generated posters, predictions and IMDb ratings', async () => {
      await shell.open('recommendations');
      await expect.poll(() => rec.cards().count(), { timeout: 30_000 }).toBeGreaterThan(8);
      const first = rec.cards().first();
      expect(await first.getByTestId('generated-poster').count()).toBe(1);
      expect(await first.getByTestId('card-predicted').innerText()).toMatch(/^\d+\.\d\s+\d+\.\d–\d+\.\d$/);
      expect(await first.getByTestId('card-imdb').innerText()).toMatch(/^IMDb \d\.\d$/);
      // Virtualised: far fewer cards in the DOM than the 120 titles listed.
      expect(await rec.matching()).toBeGreaterThan(5000);
      expect(await rec.cards().count()).toBeLessThan(120);
      // Nothing rated is suggested.
      const rated = new Set(
        h.services.db.prepare<[], string>('SELECT tconst FROM profile_ratings').pluck().all(),
      );
      for (const t of await rec.tconsts()) expect(rated.has(t)).toBe(false);
      await h.screenshot('recommend-grid-light');
    });

    it('narrows the list with filters: genres any and all, years', async () => {
      const all = await rec.matching();
      await rec.filter('genre-toggle').click();
      await rec.genre('Horror').click();
      await expect.poll(() => rec.matching(), SLOW).toBeLessThan(all);
      const horror = await rec.matching();
      await expect
        .poll(async () => (await rec.tconsts()).every((t) => genresOf(t).includes('Horror')), SLOW)
        .toBe(true);
      await rec.genre('Comedy').click();
      await expect.poll(() => rec.matching(), SLOW).toBeGreaterThan(horror); // any of them
      await rec.filter('genre-mode').selectOption('all');
      await expect.poll(() => rec.matching(), SLOW).toBeLessThan(horror);
      await expect
        .poll(
          async () =>
            (await rec.tconsts()).every(
              (t) => genresOf(t).includes('Horror') && genresOf(t).includes('Comedy'),
            ),
          SLOW,
        )
        .toBe(true);
      await h.screenshot('recommend-filtered');
      await h.page.getByTestId('clear-filters').click();
      await expect.poll(() => rec.matching(), SLOW).toBe(all);
      await rec.filter('year-min').fill('1990');
      await rec.filter('year-max').fill('1999');
      await expect.poll(() => rec.matching(), SLOW).toBeLessThan(all);
      const years = await rec
        .cards()
        .evaluateAll((els) =>
          els.map((e) => Number(/(\d{4})/.exec(e.querySelector('.meta p')?.textContent ?? '')?.[1])),
        );
      expect(years.every((y) => y >= 1990 && y <= 1999)).toBe(true);
      await h.page.getByTestId('clear-filters').click();
      await expect.poll(() => rec.matching(), SLOW).toBe(all);
    });

    it('opens the details with why from the keyboard', async () => {
      await rec.cards().first().focus();
      await h.page.keyboard.press('ArrowRight');
      const second = (await rec.tconsts())[1]!;
      await expect
        .poll(() => h.page.evaluate(() => document.activeElement?.getAttribute('data-tconst')), SLOW)
        .toBe(second);
      await h.page.keyboard.press('Enter');
      await expect.poll(() => rec.details().isVisible(), SLOW).toBe(true);
      const why = rec.details().getByTestId('why');
      await expect
        .poll(() => why.innerText(), SLOW)
        .toMatch(/Why it was recommended[\s\S]*Predicted \d+\.\d for you/);
      expect(await why.innerText()).toMatch(/Closest films you rated/);
      expect(await rec.details().getByTestId('action-arena').getAttribute('href')).toBe(
        `#/arena?tconst=${second}`,
      );
      await h.screenshot('recommend-details-light');
      await h.page.keyboard.press('Escape');
      await expect.poll(() => rec.details().count(), SLOW).toBe(0);
    });

    it('marks with S, W and N, each undone from its toast', async () => {
      for (const [key, mark, text] of [
        ['w', 'watchlist', /Saved to your watchlist/],
        ['s', 'seen', /Marked as seen/],
        ['n', 'not-interested', /Marked not interested/],
      ] as const) {
        await rec.cards().first().focus();
        const target = (await rec.tconsts())[0]!;
        await h.page.keyboard.press(key);
        await expect.poll(() => markOf(target), SLOW).toBe(mark);
        // It leaves the suggestions; the watchlist keeps it visible in its own tab.
        await expect.poll(async () => (await rec.tconsts()).includes(target), SLOW).toBe(false);
        if (mark === 'watchlist')
          await expect.poll(() => rec.tab('watchlist').innerText(), SLOW).toBe('Watchlist (1)');
        await rec.toast(text).getByRole('button', { name: 'Undo' }).click();
        await expect.poll(() => markOf(target), SLOW).toBeNull();
        await expect.poll(async () => (await rec.tconsts())[0], SLOW).toBe(target);
      }
    });

    it('keeps the watchlist visible in its own tab', async () => {
      await rec.cards().first().focus();
      const target = (await rec.tconsts())[0]!;
      await h.page.keyboard.press('w');
      await expect.poll(() => markOf(target), SLOW).toBe('watchlist');
      await rec.tab('watchlist').click();
      await expect.poll(() => rec.tconsts(), SLOW).toEqual([target]);
      await h.screenshot('recommend-watchlist');
      // W on a watchlist title takes it off again.
      await rec.cards().first().focus();
      await h.page.keyboard.press('w');
      await expect.poll(() => markOf(target), SLOW).toBeNull();
      await rec.tab('suggestions').click();
    });

    it('tunes the list in Settings → Recommendations, and restores the defaults', async () => {
      await shell.open('settings');
      const weight = h.page.getByTestId('tuning-implicitWeight');
      await expect.poll(() => weight.inputValue(), SLOW).toBe('20');
      await weight.fill('5');
      await weight.press('Enter');
      await weight.blur();
      await expect.poll(() => h.services.recommend.tuning().implicitWeight, SLOW).toBe(5);
      await h.page.getByTestId('recommend-pane').scrollIntoViewIfNeeded();
      await h.screenshot('recommend-settings');
      await h.page.getByTestId('tuning-reset').click();
      await expect.poll(() => weight.inputValue(), SLOW).toBe('20');
      expect(h.services.recommend.tuning().implicitWeight).toBe(20);
      await shell.open('recommendations');
      await expect.poll(() => rec.cards().count(), SLOW).toBeGreaterThan(8);
    });

    it('reads well in the dark theme', async () => {
      await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      await rec.cards().first().click();
      await expect.poll(() => rec.details().isVisible(), SLOW).toBe(true);
      const bg = await rec.details().evaluate((el) => getComputedStyle(el).backgroundColor);
      expect(bg).toBe('rgb(29, 30, 36)');
      await h.screenshot('recommend-details-dark');
      await h.page.keyboard.press('Escape');
      await h.screenshot('recommend-grid-dark');
    });
  },
);
