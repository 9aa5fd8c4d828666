// Search in Chromium against real services: a user with MovieLens, a trained model and an imported
// IMDb export presses Ctrl+K from any view, types with a typo, opens the title page and sees the
// predicted rating with its interval and why, rates the film and adds it to the watchlist (each with
// Undo), opens the Rate view for it, and resolves a Letterboxd row the import could not match.
// Screenshots in light and dark.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { SearchPage } from './pages/search.ts';
import { ShellPage } from './pages/shell.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { writeRatingsCsv } from '../support/letterboxd.ts';
import { tempDir } from '../support/tmp.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

/** title.principals and name.basics for The Matrix alone, written here (six credits, five kept). */
function writeMatrixCredits(dir: string): string {
  const people: [string, string, string][] = [
    ['nm0000206', 'Keanu Reeves', 'actor'],
    ['nm0000401', 'Laurence Fishburne', 'actor'],
    ['nm0005251', 'Carrie-Anne Moss', 'actress'],
    ['nm0915989', 'Hugo Weaving', 'actor'],
    ['nm0905154', 'Lana Wachowski', 'director'],
    ['nm0000000', 'A Fifth Billed Actor', 'actor'],
  ];
  writeFileSync(
    join(dir, 'title.principals.tsv'),
    ['tconst\tordering\tnconst\tcategory\tjob\tcharacters']
      .concat(people.map(([id, , category], i) => `tt0133093\t${i + 1}\t${id}\t${category}\t\\N\t\\N`))
      .join('\n') + '\n',
  );
  writeFileSync(
    join(dir, 'name.basics.tsv'),
    ['nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles']
      .concat(people.map(([id, name]) => `${id}\t${name}\t\\N\t\\N\t\\N\ttt0133093`))
      .join('\n') + '\n',
  );
  return dir;
}

describe.skipIf(!hasSharedData)(
  `search and title page (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    let h: Harness;
    let search: SearchPage;
    let shell: ShellPage;
    const credits = tempDir();
    beforeAll(async () => {
      h = await startHarness({
        async beforeLoad(s) {
          await ingestMovieLens(s, dataPath('ml-latest-small'));
          saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 20, validation: 0 }));
          await s.profile.importRatings(dataPath('imdb-exports/export-ethanfuerst.csv'));
          await ingestImdb(s, [writeMatrixCredits(credits.path)]);
        },
      });
      search = new SearchPage(h.page);
      shell = new ShellPage(h.page);
    }, 300_000);
    afterAll(async () => {
      await h?.close();
      await closeBrowser();
      credits.remove();
    });

    it('Ctrl+K, a typo, Enter: the title page shows the prediction with its interval', async () => {
      await shell.open('settings');
      await search.openWithShortcut();
      await search.type('matrx');
      await expect.poll(() => search.results().first().innerText()).toMatch(/^The Matrix 1999/);
      expect(await search.results().first().getAttribute('aria-selected')).toBe('true');
      await h.screenshot('search-palette');
      await h.page.keyboard.press('Enter');
      await h.page.waitForURL(/#\/title\/tt0133093$/);
      await expect.poll(() => search.titleHeading().innerText()).toBe('The Matrix');
      expect(await search.palette().count()).toBe(0);
      expect(await h.page.getByTestId('title-facts').innerText()).toMatch(
        /1999 · Film · Action, Sci-Fi, Thriller/,
      );
      expect(await h.page.getByTestId('title-cast').innerText()).toBe(
        'With Keanu Reeves, Laurence Fishburne, Carrie-Anne Moss, Hugo Weaving',
      );
      const mean = Number(await h.page.getByTestId('prediction-mean').innerText());
      expect(mean).toBeGreaterThanOrEqual(1);
      expect(mean).toBeLessThanOrEqual(10);
      const [low, high] = (
        /between ([\d.]+) and ([\d.]+)/.exec(await h.page.getByTestId('prediction-interval').innerText()) ??
        []
      )
        .slice(1)
        .map(Number);
      expect(low).toBeLessThan(mean);
      expect(high).toBeGreaterThan(mean);
      // The same figures main computes from the stored fit.
      const page = h.services.search.title('tt0133093');
      expect(mean).toBeCloseTo(page.prediction!.mean, 1);
      // Why, from the recommendations' explanation: the closest films this user rated.
      await expect.poll(() => h.page.getByTestId('why').innerText()).toMatch(/Closest films you rated/);
      await h.screenshot('title-page');
    });

    it('rates the title 1-10 with Undo, and links to rating by comparisons', async () => {
      const before = h.services.search.title('tt0133093').yourRating;
      await h.page.getByRole('button', { name: '9 out of 10' }).click();
      await expect.poll(() => h.page.getByTestId('your-rating').innerText()).toMatch(/You 9\/10/);
      expect(
        h.services.db.prepare("SELECT rating, source FROM profile_ratings WHERE tconst = 'tt0133093'").get(),
      ).toEqual({
        rating: 9,
        source: 'in-app',
      });
      await h.page
        .getByTestId('toast')
        .filter({ hasText: 'Rated The Matrix 9/10.' })
        .getByRole('button', { name: 'Undo' })
        .click();
      await expect.poll(() => h.services.search.title('tt0133093').yourRating).toEqual(before);
      // Add it to the watchlist; the toast's Undo takes it off again.
      await h.page.getByTestId('mark-watchlist').click();
      await expect.poll(() => h.services.recommend.details('tt0133093').mark).toBe('watchlist');
      await expect.poll(() => h.page.getByTestId('mark-watchlist').getAttribute('aria-pressed')).toBe('true');
      await h.page.getByTestId('toast').getByRole('button', { name: 'Undo' }).last().click();
      await expect.poll(() => h.services.recommend.details('tt0133093').mark).toBeNull();
      await h.page.getByTestId('rate-by-comparisons').click();
      await h.page.waitForURL(/#\/rate\?tconst=tt0133093$/);
    });

    it('"/" opens the search box from any view; Escape closes it', async () => {
      await shell.open('profile');
      await h.page.locator('body').press('/');
      await search.input().waitFor();
      await search.type('Amélie');
      await expect.poll(() => search.results().first().innerText()).toMatch(/^Amelie 2001/);
      await h.page.keyboard.press('Escape');
      expect(await search.palette().count()).toBe(0);
      await h.page.getByTestId('open-search').click();
      await search.input().waitFor();
      await search.input().fill('zzqqxx');
      await expect
        .poll(() => h.page.getByTestId('search-empty').innerText())
        .toMatch(/No title matches “zzqqxx”/);
      await h.page.keyboard.press('Escape');
    });

    it('lets the user pick the title of a Letterboxd row the import could not match', async () => {
      const file = writeRatingsCsv(h.dataDir, [
        { name: 'The Matrix', year: 1999, stars: 4, date: '2025-01-02' },
        { name: 'Lawrence of Arabia', year: 1975, stars: 4.5, date: '2025-01-03' },
      ]);
      await shell.open('profile');
      await h.dropFiles([file]);
      await expect
        .poll(() => search.unresolved().innerText(), { timeout: 60_000 })
        .toMatch(/Lawrence of Arabia/);
      expect(await h.page.getByTestId('letterboxd-summary').innerText()).toMatch(
        /2 rated films, 1 matched by title and year/,
      );
      await h.screenshot('letterboxd-unresolved');
      await h.page
        .getByTestId('unresolved-3')
        .getByRole('button', { name: /Lawrence of Arabia \(1962/ })
        .click();
      await expect.poll(() => search.unresolved().count()).toBe(0);
      expect(
        h.services.db.prepare("SELECT rating FROM profile_ratings WHERE tconst = 'tt0056172'").pluck().get(),
      ).toBe(9);
    });

    it('reads well in the dark theme', async () => {
      await h.page.evaluate(() => {
        location.hash = '#/title/tt0110912';
        document.documentElement.dataset.theme = 'dark';
      });
      await expect.poll(() => search.titleHeading().innerText()).toBe('Pulp Fiction');
      await h.screenshot('title-page-dark');
      await search.openWithShortcut();
      await search.type('godfahter');
      await expect.poll(() => search.results().first().innerText()).toMatch(/^The Godfather 1972/);
      await h.screenshot('search-palette-dark');
    });
  },
);
