// Where to watch in Chromium against the real services and a local TMDB stand-in, on a synthetic
// catalogue and model (runs without ../shared): the title page's "where to watch" by kind with the
// JustWatch credit, Settings → My services (region and services, with Undo), and the grid filtered
// to "On my services" (30 titles from a 300-deep ranking, unknown availability marked as such);
// light and dark screenshots of each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
import { WherePage } from './pages/where.ts';
import { installSyntheticCatalogue, syntheticTconst } from '../support/synthetic-catalogue.ts';
import { startFakeTmdb, type FakeTmdb } from '../support/tmdb-server.ts';
import { recommendModel } from '../unit/recommend-synthetic.ts';
import { syntheticRatings, syntheticUser } from '../unit/profile-synthetic-model.ts';
import { ATTRIBUTION } from '../../main/where/types.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const SLOW = { timeout: 30_000 };
const NETFLIX = 8;
const p = recommendModel(800, 31);
const featured = syntheticTconst(p.itemIds[3]!);
// Every 40th TMDB id is a title TMDB does not know: those show as unknown.
const unknown = [...p.itemIds].filter((id) => id % 40 === 0).map(syntheticTconst);

describe('where to watch (synthetic catalogue, local TMDB)', () => {
  let tmdb: FakeTmdb;
  const harnesses: Harness[] = [];

  beforeAll(async () => {
    tmdb = await startFakeTmdb(
      [
        {
          tmdbId: p.itemIds[3]!,
          tconst: featured,
          posterPath: null,
          watch: {
            GB: { flatrate: [NETFLIX, 38], ads: [300], rent: [2, 3], buy: [2, 3] },
            US: { flatrate: [15] },
          },
        },
      ],
      {
        apiKey: KEY,
        anyTitle: true,
        unknownTitles: unknown,
        providers: [
          { id: NETFLIX, name: 'Netflix', regions: { GB: 1, US: 1 } },
          { id: 38, name: 'BBC iPlayer', regions: { GB: 2 } },
          { id: 103, name: 'Channel 4', regions: { GB: 3 } },
          { id: 350, name: 'Apple TV+', regions: { GB: 4, US: 3 } },
          { id: 300, name: 'Pluto TV', regions: { GB: 8, US: 8 } },
          { id: 2, name: 'Apple TV', regions: { GB: 10, US: 10 } },
          { id: 3, name: 'Google Play Movies', regions: { GB: 11, US: 11 } },
          { id: 15, name: 'Hulu', regions: { US: 2 } },
        ],
        // One made-up title in four streams on Netflix; the rest are to rent.
        anyWatch: (id) => ({ GB: id % 4 === 0 ? { flatrate: [NETFLIX], rent: [2] } : { rent: [2, 3] } }),
      },
    );
    process.env.REELTASTE_TMDB_API_BASE_URL = tmdb.apiBase;
    process.env.REELTASTE_TMDB_IMAGE_BASE_URL = tmdb.imageBase;
    process.env.REELTASTE_TMDB_KEY = KEY;
  });
  afterAll(async () => {
    for (const h of harnesses) await h.close();
    await closeBrowser();
    await tmdb?.close();
    delete process.env.REELTASTE_TMDB_API_BASE_URL;
    delete process.env.REELTASTE_TMDB_IMAGE_BASE_URL;
    delete process.env.REELTASTE_TMDB_KEY;
  });

  describe.each(['light', 'dark'] as const)('%s', (scheme) => {
    let h: Harness;
    let where: WherePage;
    let shell: ShellPage;
    let rec: RecommendationsPage;
    beforeAll(async () => {
      h = await startHarness({
        colorScheme: scheme,
        async beforeLoad(s) {
          installSyntheticCatalogue(s, p);
          const rate = s.db.prepare(
            "INSERT INTO profile_ratings (tconst, rating, source, title, title_type, year, updated_at) VALUES (?, ?, 'imported', ?, 'movie', 2000, '2026-01-01')",
          );
          for (const r of syntheticRatings(p, syntheticUser(p, 32), 120, 33)) {
            const t = syntheticTconst(p.itemIds[r.item]!);
            rate.run(t, r.rating, t);
          }
          s.db
            .prepare(
              "INSERT INTO datasets VALUES ('movielens', 'synthetic', 'synthetic', '{}', '2026-01-01', 0)",
            )
            .run();
          s.recommend.implicitOptions = { cap: 300 };
          await s.profile.fit();
          await s.recommend.ensureImplicit()?.done;
          s.where.localeRegion = 'GB';
        },
      });
      harnesses.push(h);
      if (scheme === 'dark') await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
      where = new WherePage(h.page);
      shell = new ShellPage(h.page);
      rec = new RecommendationsPage(h.page);
    });

    it("Settings → My services lists the region's services; a click saves one, with Undo", async () => {
      await shell.open('settings');
      await where.servicesPane().scrollIntoViewIfNeeded();
      await expect.poll(() => where.service(NETFLIX).count(), SLOW).toBe(1);
      expect(await where.region().inputValue()).toBe('GB');
      await where.service(38).check();
      await expect.poll(() => h.services.where.settings().services).toEqual([38]);
      await shell.toasts().last().getByRole('button', { name: 'Undo' }).click();
      await expect.poll(() => h.services.where.settings().services).toEqual([]);
      await where.service(NETFLIX).check();
      await expect.poll(() => h.services.where.settings().services).toEqual([NETFLIX]);
      await where.servicesPane().scrollIntoViewIfNeeded();
      expect(await where.servicesPane().innerText()).toContain(ATTRIBUTION);
      await h.screenshot(`where-settings-services-${scheme}`);
    });

    it("the title page shows where to watch by kind, yours marked, with JustWatch's credit", async () => {
      await h.page.evaluate((t) => (location.hash = `#/title/${t}`), featured);
      await expect.poll(() => where.kind('subscription').count(), SLOW).toBe(1);
      expect(await where.kind('subscription').innerText()).toMatch(/Subscription\s+Netflix ✓\s*BBC iPlayer/);
      expect(await where.kind('free').innerText()).toMatch(/Free or with ads\s+Pluto TV/);
      expect(await where.kind('rent').innerText()).toMatch(/Apple TV\s*Google Play Movies/);
      expect(await where.kind('buy').count()).toBe(1);
      expect(await where.attribution().innerText()).toBe(ATTRIBUTION);
      // Logos come through reeltaste-poster://logo/… from the posters' cache (46 px PNGs here).
      const logo = where.kind('subscription').locator('img').first();
      await expect.poll(() => logo.evaluate((i) => (i as HTMLImageElement).naturalWidth), SLOW).toBe(46);
      expect(await where.section().getByTestId('where-link').getAttribute('href')).toMatch(
        /^https:\/\/www\.themoviedb\.org\//,
      );
      await where.section().scrollIntoViewIfNeeded();
      await h.screenshot(`where-title-${scheme}`);
      // A title TMDB does not know says so rather than showing an empty list.
      await h.page.evaluate((t) => (location.hash = `#/title/${t}`), unknown[0]!);
      await expect.poll(() => where.state().getAttribute('data-state'), SLOW).toBe('unknown-title');
    });

    it('"On my services" fills the grid with 30 titles you can watch, unknowns marked', async () => {
      await shell.open('recommendations');
      await expect.poll(() => rec.cards().count(), SLOW).toBeGreaterThan(8);
      await where.onServices().check();
      await expect.poll(() => where.summary().isVisible(), SLOW).toBe(true);
      expect(await where.summary().innerText()).toMatch(
        /^30 you can watch on your services, from the top \d+/,
      );
      const onNetflix = (t: string) => Number(t.slice(2)) % 4 === 0;
      await expect.poll(async () => (await rec.tconsts()).length, SLOW).toBeGreaterThan(8);
      for (const t of await rec.tconsts()) {
        const card = rec.card(t);
        if (unknown.includes(t)) expect(await card.getByTestId('card-availability-unknown').count()).toBe(1);
        else {
          expect(onNetflix(t)).toBe(true);
          expect(await card.getByTestId('card-on-services').innerText()).toBe('Netflix');
        }
      }
      expect(await where.summary().innerText()).toContain(ATTRIBUTION);
      await h.screenshot(`where-grid-filtered-${scheme}`);
      // The details panel says where too.
      const firstOn = (await rec.tconsts()).find((t) => !unknown.includes(t))!;
      await rec.card(firstOn).click();
      await expect
        .poll(() => rec.details().getByTestId('where-subscription').innerText(), SLOW)
        .toMatch(/Netflix ✓/);
      await h.page.keyboard.press('Escape');
      await where.onServices().uncheck();
    });
  });
});
