// Titles outside MovieLens in the app (issue 21), on the synthetic catalogue (no ../shared needed):
// a 2024 series and a 2024 film that only IMDb knows, placed by the version's metadata model, appear
// in the grid marked "from metadata", and each one's title page says where its prediction comes
// from and why (its director and cast, the rated films closest to it); the vote floor in Settings →
// Data takes them out and Undo puts them back. Then the series is rated in the Rate view: found by
// name, started from its metadata prediction, placed by comparisons with films the user rated, and
// saved with its interval; the rating counts in the fit. Light and dark screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { setUpSyntheticUser } from './synthetic-user.ts';
import { ShellPage } from './pages/shell.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
import { RatePage } from './pages/elicit.ts';
import { loadActiveModel } from '../../main/model/store.ts';
import { fitMetadataModel, LIST_METADATA_OPTIONS } from '../../main/model/metadata/fit.ts';
import { loadMovieMetadata } from '../../main/model/metadata/load.ts';
import { saveMetadataModel } from '../../main/model/metadata/store.ts';
import type { Services } from '../../main/compose/services.ts';

const SLOW = { timeout: 20_000 };
const SERIES = { tconst: 'tt9900001', type: 'tvSeries', title: 'Harbour Lights', year: 2024 };
const FILM = { tconst: 'tt9900002', type: 'movie', title: 'The Late Train', year: 2024 };

function addImdbTitles(s: Services): void {
  const title = s.db.prepare(
    "INSERT INTO imdb_titles (tconst, title_type, primary_title, original_title, start_year, runtime_minutes, genres) VALUES (?, ?, ?, ?, ?, 55, 'Drama')",
  );
  const rating = s.db.prepare('INSERT INTO imdb_ratings VALUES (?, 8.2, 40000)');
  const name = s.db.prepare('INSERT INTO imdb_names (nconst, primary_name) VALUES (?, ?)');
  const principal = s.db.prepare('INSERT INTO imdb_principals VALUES (?, ?, ?, ?)');
  name.run('nm9900001', 'Ada Director');
  name.run('nm9900002', 'Ben Actor');
  name.run('nm9900003', 'Cleo Actress');
  for (const t of [SERIES, FILM]) {
    title.run(t.tconst, t.type, t.title, t.title, t.year);
    rating.run(t.tconst);
    principal.run(t.tconst, 1, 'nm9900001', 'director');
    principal.run(t.tconst, 2, 'nm9900002', 'actor');
    principal.run(t.tconst, 3, 'nm9900003', 'actress');
  }
}

describe('titles placed by their metadata (synthetic)', () => {
  let h: Harness;
  let shell: ShellPage;
  let rec: RecommendationsPage;
  beforeAll(async () => {
    h = await startHarness({
      beforeLoad: async (s) => {
        await setUpSyntheticUser(s, (modelId) => {
          // What training saves with each version (model/metadata/version.ts), fitted here directly.
          const fitted = fitMetadataModel(
            loadActiveModel(s.db)!,
            loadMovieMetadata(s.db),
            LIST_METADATA_OPTIONS,
          );
          saveMetadataModel(s.db, modelId, fitted.model, fitted.report);
          addImdbTitles(s);
        });
        // What an IMDb import does after writing titles: the search index is built again.
        await s.search.rebuild().done;
      },
    });
    shell = new ShellPage(h.page);
    rec = new RecommendationsPage(h.page);
  });
  afterAll(async () => {
    await h?.close();
    await closeBrowser();
  });

  it('shows the series and the 2024 film in the grid, marked "from metadata"', async () => {
    await shell.open('recommendations');
    await expect.poll(() => rec.cards().count(), SLOW).toBeGreaterThan(8);
    // The MovieLens films say where theirs comes from too.
    expect(await rec.cards().first().getByTestId('card-source').innerText()).toMatch(
      /^from (ratings|metadata)$/,
    );
    await rec.filter('type').selectOption('series');
    await expect.poll(() => rec.tconsts(), SLOW).toEqual([SERIES.tconst]);
    expect(await rec.card(SERIES.tconst).getByTestId('card-source').innerText()).toBe('from metadata');
    expect(await rec.card(SERIES.tconst).getByTestId('card-predicted').innerText()).toMatch(
      /^\d+\.\d\s+\d+\.\d–\d+\.\d$/,
    );
    await h.screenshot('metadata-grid-series-light');
    await rec.filter('type').selectOption('movie');
    await rec.filter('year-min').fill('2024');
    await expect.poll(() => rec.tconsts(), SLOW).toEqual([FILM.tconst]);
    expect(await rec.card(FILM.tconst).getByTestId('card-source').innerText()).toBe('from metadata');
  });

  for (const t of [SERIES, FILM])
    it(`explains the prediction on the title page of ${t.title} (${t.type})`, async () => {
      await h.page.evaluate((tconst) => (location.hash = `#/title/${tconst}`), t.tconst);
      await expect
        .poll(() => h.page.getByTestId('prediction-source').innerText(), SLOW)
        .toMatch(/^From metadata/);
      expect(Number(await h.page.getByTestId('prediction-mean').innerText())).toBeGreaterThanOrEqual(1);
      const why = h.page.getByTestId('prediction').getByTestId('why');
      await expect
        .poll(() => why.innerText(), SLOW)
        .toMatch(/directed by Ada Director; with Ben Actor and Cleo Actress/);
      expect(await why.innerText()).toMatch(/Close in taste to/);
      if (t === SERIES) await h.screenshot('metadata-title-series-light');
    });

  it('takes the vote floor from Settings → Data, with Undo', async () => {
    await shell.open('settings');
    const floor = h.page.getByTestId('catalogue-min-votes');
    expect(await floor.inputValue()).toBe('100');
    await floor.fill('50000');
    await floor.dispatchEvent('change');
    await expect.poll(() => h.services.settings.get().catalogue.minVotes, SLOW).toBe(50_000);
    await shell.open('recommendations');
    await rec.filter('type').selectOption('series');
    await expect.poll(() => rec.tconsts(), SLOW).toEqual([]);
    await shell.open('settings');
    await h.page
      .getByTestId('toast')
      .filter({ hasText: '50,000 IMDb votes' })
      .getByRole('button', { name: 'Undo' })
      .click();
    await expect.poll(() => h.services.settings.get().catalogue.minVotes, SLOW).toBe(100);
    await shell.open('recommendations');
    await rec.filter('type').selectOption('all');
    await rec.filter('type').selectOption('series');
    await expect.poll(() => rec.tconsts(), SLOW).toEqual([SERIES.tconst]);
    await rec.filter('type').selectOption('movie');
  });

  it('reads well in the dark theme', async () => {
    await h.page.evaluate((tconst) => {
      location.hash = `#/title/${tconst}`;
      document.documentElement.dataset.theme = 'dark';
    }, FILM.tconst);
    await expect
      .poll(() => h.page.getByTestId('prediction-source').innerText(), SLOW)
      .toMatch(/^From metadata/);
    await h.screenshot('metadata-title-film-dark');
    await shell.open('recommendations');
    await expect.poll(() => rec.tconsts(), SLOW).toEqual([FILM.tconst]);
    await h.screenshot('metadata-grid-film-dark');
  });

  it('rates the series by comparisons with films you rated, from its metadata prediction, and counts it', async () => {
    const rate = new RatePage(h.page);
    await h.page.evaluate(() => (document.documentElement.dataset.theme = 'light'));
    await shell.open('rate');
    await rate.search().fill(SERIES.title);
    const match = rate.matches().filter({ hasText: 'TV series' }).first();
    await expect.poll(() => match.count(), SLOW).toBe(1);
    expect(await match.innerText()).toMatch(/placed by its metadata/);
    const before = h.services.profile.overview().fit!.ratingsUsed;
    await match.click();
    await expect.poll(() => rate.question().count(), SLOW).toBe(1);
    expect(await h.page.getByTestId('rate-prior').innerText()).toMatch(/prediction from its metadata/);
    // The title being rated is marked as placed by its metadata; the anchors are films you rated.
    const sides = rate.question().locator('article');
    expect(await sides.nth(0).getByTestId('choice-source').innerText()).toBe('from metadata');
    const truth = 8;
    let step = 1;
    while (await rate.question().count()) {
      const anchorText = await sides.nth(1).innerText();
      expect(anchorText).toMatch(/Film/);
      const anchor = Number(/You rated it (\d+)\/10/.exec(anchorText)![1]);
      await h.page.locator('body').press(truth > anchor ? 'ArrowLeft' : truth < anchor ? 'ArrowRight' : '=');
      step++;
      await expect.poll(() => rate.chartPoints(), SLOW).toBe(step);
      if (step === 3) await h.screenshot('metadata-rate-series-step-light');
    }
    await expect.poll(() => rate.result().count(), SLOW).toBe(1);
    const resultText = await rate.result().innerText();
    const shown = Number(/(\d+)\/10/.exec(resultText)![1]);
    const [low, high] = /80% interval (\d+\.\d)–(\d+\.\d)/.exec(resultText)!.slice(1).map(Number);
    expect(low).toBeLessThanOrEqual(truth);
    expect(high).toBeGreaterThanOrEqual(truth);
    await rate.save().click();
    await expect.poll(() => h.page.getByTestId('rate-saved').count(), SLOW).toBe(1);
    expect(
      h.services.db.prepare('SELECT rating, source FROM profile_ratings WHERE tconst = ?').get(SERIES.tconst),
    ).toEqual({ rating: shown, source: 'in-app' });
    // The series' rating informs your taste through its metadata posterior.
    await h.services.profile.settled();
    expect(h.services.profile.overview().fit!.ratingsUsed).toBe(before + 1);
    await h.page.getByTestId('rate-chart').scrollIntoViewIfNeeded();
    await h.screenshot('metadata-rate-series-done-light');
    await h.page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
    await h.screenshot('metadata-rate-series-done-dark');
  });
});
