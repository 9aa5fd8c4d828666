// The recommendations, arena and rate flows on the synthetic catalogue and export (no ../shared
// needed), so the structure under them (predictor, catalogue, narrow events) is refactored under
// test on every machine: the grid shows predictions with their interval and a mark takes a title off
// (Undo puts it back); a rating made in the Rate view reaches the list without a reload of the page;
// the arena answers, skips and undoes by keyboard; Ctrl+K finds a title and its page shows the
// prediction main computes; a dropped Letterboxd export is matched through search and the row it
// could not match is picked by hand.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { setUpSyntheticUser } from './synthetic-user.ts';
import { ShellPage } from './pages/shell.ts';
import { ArenaPage, RatePage } from './pages/elicit.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
import { writeRatingsCsv } from '../support/letterboxd.ts';
import { SearchPage } from './pages/search.ts';

const SLOW = { timeout: 20_000 };

describe('recommendations, rate and arena (synthetic)', () => {
  let h: Harness;
  let shell: ShellPage;
  let rec: RecommendationsPage;
  const one = <T>(sql: string, ...args: unknown[]) =>
    h.services.db
      .prepare(sql)
      .pluck()
      .get(...args) as T;
  beforeAll(async () => {
    h = await startHarness({
      beforeLoad: (s) => setUpSyntheticUser(s),
    });
    shell = new ShellPage(h.page);
    rec = new RecommendationsPage(h.page);
  });
  afterAll(async () => {
    await h?.close();
    await closeBrowser();
  });

  it('shows the list with predictions; a mark takes a title off and Undo brings it back', async () => {
    await shell.open('recommendations');
    await expect.poll(() => rec.cards().count(), SLOW).toBeGreaterThan(8);
    const interval = await rec.cards().first().getByTestId('card-predicted').innerText();
    const [mean, low, high] = /^(\d+\.\d)\s+(\d+\.\d)–(\d+\.\d)$/.exec(interval)!.slice(1).map(Number);
    expect(low).toBeLessThanOrEqual(mean!);
    expect(mean).toBeLessThanOrEqual(high!);
    // Nothing you rated is suggested.
    const rated = new Set(
      h.services.db.prepare('SELECT tconst FROM profile_ratings').pluck().all() as string[],
    );
    expect((await rec.tconsts()).filter((t) => rated.has(t))).toEqual([]);
    await rec.cards().first().focus();
    const target = (await rec.tconsts())[0]!;
    await h.page.keyboard.press('s');
    await expect
      .poll(() => one('SELECT mark FROM recommend_marks WHERE tconst = ?', target), SLOW)
      .toBe('seen');
    await expect.poll(async () => (await rec.tconsts()).includes(target), SLOW).toBe(false);
    await rec
      .toast(/Marked as seen/)
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(async () => (await rec.tconsts())[0], SLOW).toBe(target);
    await h.screenshot('recommendations-synthetic');
  });

  it('rates a film in a few comparisons; the saved rating takes it off the list', async () => {
    await shell.open('recommendations');
    await expect.poll(() => rec.cards().count(), SLOW).toBeGreaterThan(8);
    const target = (await rec.tconsts())[0]!;
    const title = one<string>('SELECT title FROM movies WHERE tconst = ?', target);
    await shell.open('rate');
    const rate = new RatePage(h.page);
    await rate.search().fill(title);
    await expect.poll(() => rate.matches().count(), SLOW).toBeGreaterThan(0);
    await rate.matches().first().click();
    await expect.poll(() => rate.question().count()).toBe(1);
    // Prefer it every time: it lands at the top of your scale.
    while (await rate.question().count()) {
      const before = await rate.chartPoints();
      await h.page.locator('body').press('ArrowLeft');
      await expect.poll(() => rate.chartPoints()).toBe(before + 1);
    }
    await expect.poll(() => rate.result().count()).toBe(1);
    const shown = Number(/(\d+)\/10/.exec(await rate.result().innerText())![1]);
    await rate.save().click();
    await expect.poll(() => h.page.getByTestId('rate-saved').count()).toBe(1);
    expect(one('SELECT rating FROM profile_ratings WHERE tconst = ?', target)).toBe(shown);
    expect(shown).toBeGreaterThanOrEqual(8);
    await h.screenshot('rate-done-synthetic');
    await shell.open('recommendations');
    await expect.poll(async () => (await rec.tconsts()).includes(target), SLOW).toBe(false);
  });

  it('answers the arena by keyboard: skip and undo change exactly what they say', async () => {
    const arena = new ArenaPage(h.page);
    const count = () => one<number>("SELECT count(*) FROM profile_comparisons WHERE source = 'arena'");
    const answered = async () => Number(/(\d+) answered/.exec(await arena.counts().innerText())![1]);
    await shell.open('arena');
    await expect.poll(() => arena.pair().count(), SLOW).toBe(1);
    const start = await arena.meter();
    await arena.press('ArrowLeft');
    await expect.poll(answered).toBe(1);
    await arena.press('ArrowRight');
    await expect.poll(answered).toBe(2);
    expect(count()).toBe(2);
    await expect.poll(() => arena.meter()).toBeLessThan(start);
    await arena.press('s');
    await expect.poll(() => arena.counts().innerText()).toMatch(/1 skipped/);
    expect(count()).toBe(2);
    await arena.press('u');
    await expect.poll(() => arena.counts().innerText()).toMatch(/0 skipped/);
    await arena.press('u');
    await expect.poll(answered).toBe(1);
    expect(count()).toBe(1);
    await h.screenshot('arena-synthetic');
  });
  it('Ctrl+K opens a title page with its prediction; a Letterboxd row it could not match is picked by hand', async () => {
    // Two films of the model you have not rated, whose names no other title shares.
    const [a, b] = h.services.db
      .prepare(
        `SELECT tconst, title, year FROM movies
         WHERE tconst IS NOT NULL AND year IS NOT NULL AND ml_votes >= 5
           AND tconst NOT IN (SELECT tconst FROM profile_ratings)
           AND title IN (SELECT title FROM search_titles GROUP BY title HAVING count(*) = 1)
         ORDER BY ml_votes DESC LIMIT 2`,
      )
      .all() as { tconst: string; title: string; year: number }[];
    expect(b).toBeDefined();
    const search = new SearchPage(h.page);
    await shell.open('profile');
    await search.openWithShortcut();
    await search.type(a!.title);
    await expect.poll(() => search.results().first().innerText(), SLOW).toContain(`${a!.title} ${a!.year}`);
    await h.page.keyboard.press('Enter');
    await h.page.waitForURL(new RegExp(`#/title/${a!.tconst}$`));
    await expect.poll(() => search.titleHeading().innerText(), SLOW).toBe(a!.title);
    const mean = Number(await h.page.getByTestId('prediction-mean').innerText());
    expect(mean).toBeCloseTo(h.services.search.title(a!.tconst).prediction!.mean, 1);

    // One row matches by name and year; the other's year is ten off, so it waits for a pick.
    const file = writeRatingsCsv(h.dataDir, [
      { name: a!.title, year: a!.year, stars: 4, date: '2025-01-02' },
      { name: b!.title, year: b!.year + 10, stars: 4.5, date: '2025-01-03' },
    ]);
    await shell.open('profile');
    await h.dropFiles([file]);
    await expect.poll(() => search.unresolved().innerText(), { timeout: 60_000 }).toContain(b!.title);
    expect(await h.page.getByTestId('letterboxd-summary').innerText()).toMatch(
      /2 rated films, 1 matched by title and year/,
    );
    expect(one('SELECT rating FROM profile_ratings WHERE tconst = ?', a!.tconst)).toBe(8);
    await h.page
      .getByTestId('unresolved-3')
      .getByRole('button', { name: new RegExp(`${b!.title} \\(${b!.year}`) })
      .click();
    await expect.poll(() => search.unresolved().count(), SLOW).toBe(0);
    expect(one('SELECT rating FROM profile_ratings WHERE tconst = ?', b!.tconst)).toBe(9);
    await h.screenshot('letterboxd-resolved-synthetic');
  });
});
