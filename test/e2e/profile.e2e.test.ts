// The Profile view in Chromium against real services: a new user with MovieLens and a trained model
// sees the empty state and the quick-start strip, rates a film in one click, then drops the real
// export-ethanfuerst.csv on the window and sees the import summary, the fitted profile, the taste
// factors, searchable ratings and the browsable rows of the import.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { ProfilePage } from './pages/profile.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData)(`profile (${hasSharedData ? 'shared data' : sharedDataSkipReason})`, () => {
  let h: Harness;
  let shell: ShellPage;
  let profile: ProfilePage;
  beforeAll(async () => {
    h = await startHarness({
      async beforeLoad(s) {
        await ingestMovieLens(s, dataPath('ml-latest-small'));
        saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 20, validation: 0 }));
      },
    });
    shell = new ShellPage(h.page);
    profile = new ProfilePage(h.page);
  });
  afterAll(async () => {
    await h?.close();
    await closeBrowser();
  });

  it('offers a new user the quick-start strip and rates a film in one click', async () => {
    await shell.open('profile');
    expect(await shell.emptyState().innerText()).toMatch(/No ratings yet/);
    await expect.poll(() => profile.quickStart().locator('article').count()).toBeGreaterThan(10);
    await h.screenshot('profile-quick-start');
    const first = profile.quickStart().locator('article').first();
    const title = await first.locator('h3').innerText();
    // A mis-click can be taken back from the toast.
    await first.getByRole('button', { name: '3 out of 10' }).click();
    await expect.poll(() => h.services.status().profile).toEqual({ ratings: 1, comparisons: 0 });
    const toast = h.page.getByTestId('toast').filter({ hasText: `Rated ${title} 3/10.` });
    await toast.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => h.services.status().profile).toBeNull();
    // The strip lists the film again once the view has reloaded.
    await expect.poll(() => first.locator('h3').innerText()).toBe(title);
    await first.getByRole('button', { name: '8 out of 10' }).click();
    await expect.poll(() => h.services.status().profile).toEqual({ ratings: 1, comparisons: 0 });
    expect(h.services.db.prepare('SELECT title, rating, source FROM profile_ratings').get()).toEqual({
      title,
      rating: 8,
      source: 'in-app',
    });
    // The view switches from the empty state to the profile, fitted from that one rating at once.
    // (After the undo a full refit runs too; whichever lands last, it counts exactly this one rating.)
    await expect
      .poll(() => profile.fitLine().innerText(), { timeout: 30_000 })
      .toMatch(
        /Taste fitted from 1 rating and 0 comparisons \((updated after your latest answer|full fit)\)/,
      );
  });

  it('imports a dropped IMDb export and shows the summary and the profile', async () => {
    await h.dropFiles([dataPath('imdb-exports/export-ethanfuerst.csv')]);
    await expect.poll(() => profile.stat('rows').innerText(), { timeout: 60_000 }).toBe('411');
    const matched = Number(await profile.stat('matched').innerText());
    const unmatched = Number(await profile.stat('unmatched').innerText());
    expect(matched).toBeGreaterThan(200);
    expect(matched + unmatched).toBe(411);
    expect(await profile.typeRow('movie').innerText()).toMatch(/Films\s+410/);
    expect(await profile.typeRow('short').innerText()).toMatch(/Shorts\s+1/);
    // The import's full fit (in the worker) replaces the one-rating profile.
    await expect
      .poll(() => profile.fitLine().innerText(), { timeout: 60_000 })
      .toMatch(/Taste fitted from [\d,]+ ratings and 0 comparisons \(full fit\)/);
    const used = Number(
      /from ([\d,]+) ratings/.exec(await profile.fitLine().innerText())![1]!.replace(/,/g, ''),
    );
    // Every matched film the model knows, plus the quick-start rating unless the export has it too.
    expect(used).toBeGreaterThanOrEqual(matched);
    expect(used).toBeLessThanOrEqual(matched + 1);
    await expect.poll(() => h.page.getByTestId('profile-progress').count()).toBe(0);
    await expect.poll(() => profile.factors().locator('.factor').count()).toBe(3);
    await expect.poll(() => profile.ratingsRows().count()).toBe(100);
    await h.screenshot('profile-after-drop');
    await profile.summary().scrollIntoViewIfNeeded();
  });

  it('searches the ratings and browses the import rows', async () => {
    await profile.search().fill('Magnolia');
    await expect.poll(() => profile.ratingsRows().first().innerText()).toMatch(/Magnolia\s+1999/);
    await profile.search().fill('');
    await h.page.getByTestId('browse-rows').click();
    await h.page.getByRole('tab', { name: /^unmatched/ }).click();
    const unmatched = Number(await profile.stat('unmatched').innerText());
    await expect
      .poll(() => h.page.getByTestId('import-rows-table').locator('tbody tr').count())
      .toBe(Math.min(100, unmatched));
    await h.page.getByTestId('import-rows-table').scrollIntoViewIfNeeded();
    await h.screenshot('profile-import-rows');
  });

  it('reads well in the dark theme', async () => {
    await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await h.page.getByTestId('factors').scrollIntoViewIfNeeded();
    const bg = await h.page.getByTestId('factors').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(29, 30, 36)');
    await h.screenshot('profile-dark');
  });
});
