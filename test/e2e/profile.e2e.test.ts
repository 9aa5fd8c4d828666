// The Profile view in Chromium against real services: a new user with MovieLens and a trained model
// sees the empty state and the quick-start strip, rates a film in one click, then drops an IMDb
// export on the window and sees the import summary, the fitted profile, the taste factors,
// searchable ratings and the browsable rows of the import. On the synthetic catalogue and export
// (no ../shared needed) and, when ../shared is there, on ml-latest-small with export-ethanfuerst.csv.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { ProfilePage } from './pages/profile.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

describe.each(movieLensFixtures())('profile ($name)', (f) => {
  const shot = (name: string) => h.screenshot(f.real ? name : `${name}-${f.name}`);
  let h: Harness;
  let shell: ShellPage;
  let profile: ProfilePage;
  beforeAll(async () => {
    h = await startHarness({
      async beforeLoad(s) {
        await ingestMovieLens(s, f.movielens);
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
    await shot('profile-quick-start');
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
    const { rows, byType } = f.export;
    await h.dropFiles([f.export.file]);
    await expect.poll(() => profile.stat('rows').innerText(), { timeout: 60_000 }).toBe(String(rows));
    const matched = Number(await profile.stat('matched').innerText());
    const unmatched = Number(await profile.stat('unmatched').innerText());
    // The synthetic export holds 5 films the catalogue does not list.
    if (f.real) expect(matched).toBeGreaterThan(200);
    else expect(unmatched).toBe(5);
    expect(matched + unmatched).toBe(rows);
    expect(await profile.typeRow('movie').innerText()).toMatch(new RegExp(`Films\\s+${byType.movie}`));
    if (byType.short) expect(await profile.typeRow('short').innerText()).toMatch(/Shorts\s+1/);
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
    const stored = h.services.db.prepare('SELECT count(*) FROM profile_ratings').pluck().get() as number;
    await expect.poll(() => profile.ratingsRows().count()).toBe(Math.min(100, stored));
    await shot('profile-after-drop');
    await profile.summary().scrollIntoViewIfNeeded();
  });

  it('searches the ratings and browses the import rows', async () => {
    const film = f.real
      ? { title: 'Magnolia', year: 1999 }
      : (h.services.db
          .prepare(
            "SELECT title, year FROM profile_ratings WHERE source = 'imported' AND year IS NOT NULL LIMIT 1",
          )
          .get() as { title: string; year: number });
    await profile.search().fill(film.title);
    await expect
      .poll(() => profile.ratingsRows().first().innerText())
      .toMatch(new RegExp(`${film.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+${film.year}`));
    await profile.search().fill('');
    await h.page.getByTestId('browse-rows').click();
    await h.page.getByRole('tab', { name: /^unmatched/ }).click();
    const unmatched = Number(await profile.stat('unmatched').innerText());
    await expect
      .poll(() => h.page.getByTestId('import-rows-table').locator('tbody tr').count())
      .toBe(Math.min(100, unmatched));
    await h.page.getByTestId('import-rows-table').scrollIntoViewIfNeeded();
    await shot('profile-import-rows');
  });

  it('reads well in the dark theme', async () => {
    await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await h.page.getByTestId('factors').scrollIntoViewIfNeeded();
    const bg = await h.page.getByTestId('factors').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(29, 30, 36)');
    await shot('profile-dark');
  });
});
