// The recommendations, arena and rate flows on the synthetic catalogue and export (no ../shared
// needed), so the structure under them (predictor, catalogue, narrow events) is refactored under
// test on every machine: the grid shows predictions with their interval and a mark takes a title off
// (Undo puts it back); a rating made in the Rate view reaches the list without a reload of the page;
// the arena answers, skips and undoes by keyboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { ArenaPage, RatePage } from './pages/elicit.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

const [synthetic] = movieLensFixtures();
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
      async beforeLoad(s) {
        await ingestMovieLens(s, synthetic!.movielens);
        saveModel(s.db, await trainModel(loadRatings(s.db), { epochs: 10, validation: 0 }));
        s.recommend.implicitOptions = { cap: 300 };
        await s.recommend.ensureImplicit()?.done;
        await s.profile.importRatings(synthetic!.export.file);
      },
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
});
