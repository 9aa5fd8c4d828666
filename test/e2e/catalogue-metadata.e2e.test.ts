// Titles outside MovieLens in the app (issue 21), on the synthetic catalogue (no ../shared needed):
// a 2024 series and a 2024 film that only IMDb knows, placed by the version's metadata model, appear
// in the grid marked "from metadata", and each one's title page says where its prediction comes
// from and why (its director and cast, the rated films closest to it); the vote floor in Settings →
// Data takes them out and Undo puts them back. Light and dark screenshots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { setUpSyntheticUser } from './synthetic-user.ts';
import { ShellPage } from './pages/shell.ts';
import { RecommendationsPage } from './pages/recommendations.ts';
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
      beforeLoad: (s) =>
        setUpSyntheticUser(s, (modelId) => {
          // What training saves with each version (model/metadata/version.ts), fitted here directly.
          const fitted = fitMetadataModel(
            loadActiveModel(s.db)!,
            loadMovieMetadata(s.db),
            LIST_METADATA_OPTIONS,
          );
          saveMetadataModel(s.db, modelId, fitted.model, fitted.report);
          addImdbTitles(s);
        }),
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
});
