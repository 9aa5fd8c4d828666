// The first run in Chromium against the real services: a new user lands in the guide, picks
// ml-latest-small (+ IMDb), accepts the terms, and the real download, import and training run from
// local servers on 127.0.0.1; the quick-start cards show TMDB posters from a local TMDB stand-in
// (through the real reeltaste-poster:// handler); three ratings later "Show my recommendations"
// lands on the Recommendations view. Then a setup interrupted during training resumes (dark theme,
// no TMDB key: generated posters).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { FirstRunPage } from './pages/first-run.ts';
import { ShellPage } from './pages/shell.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { writeSetup } from '../../main/setup/store.ts';
import { acceptTerms } from '../../main/datasets/store.ts';
import { md5Listing, movieLensZip, startFileServer, type FileServer } from '../support/file-server.ts';
import { startFakeTmdb, type FakeTmdb } from '../support/tmdb-server.ts';
import { ML_LATEST_SMALL } from '../support/known-counts.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

const KEY = '00112233445566778899aabbccddeeff';

describe.skipIf(!hasSharedData)(
  `first run (${hasSharedData ? 'real ml-latest-small and IMDb from 127.0.0.1' : sharedDataSkipReason})`,
  () => {
    let h: Harness;
    let guide: FirstRunPage;
    let files: FileServer;
    let tmdb: FakeTmdb;
    const env: Record<string, string> = {};

    beforeAll(async () => {
      const zip = movieLensZip();
      files = await startFileServer(
        new Map([
          ['/ml/ml-latest-small.zip', { body: zip }],
          ['/ml/ml-latest-small.zip.md5', { body: md5Listing(zip, 'ml-latest-small.zip') }],
          ['/imdb/title.ratings.tsv.gz', { body: readFileSync(dataPath('imdb/title.ratings.tsv.gz')) }],
          [
            '/imdb/title.basics.tsv.gz',
            { body: gzipSync(readFileSync(dataPath('imdb/head50k-2025/title.basics.tsv'))) },
          ],
        ]),
      );
      tmdb = await startFakeTmdb([], { apiKey: KEY, anyTitle: true });
      Object.assign(env, {
        REELTASTE_MOVIELENS_BASE_URL: `${files.base}/ml/`,
        REELTASTE_IMDB_BASE_URL: `${files.base}/imdb/`,
        REELTASTE_TMDB_KEY: KEY,
        REELTASTE_TMDB_API_BASE_URL: tmdb.apiBase,
        REELTASTE_TMDB_IMAGE_BASE_URL: tmdb.imageBase,
      });
      Object.assign(process.env, env);
      h = await startHarness();
      guide = new FirstRunPage(h.page);
    });
    afterAll(async () => {
      for (const k of Object.keys(env)) delete process.env[k];
      await h?.close();
      await closeBrowser();
      files?.close();
      await tmdb?.close();
    });

    it('opens the guide instead of an empty Recommendations view', async () => {
      await h.page.waitForURL(/#\/welcome$/);
      expect(await new ShellPage(h.page).heading().innerText()).toBe('Welcome to Reeltaste');
      await expect.poll(() => guide.currentStep()).toMatch(/Choose the data/);
      await expect
        .poll(() => h.page.getByTestId('setup-terms').innerText())
        .toMatch(/MovieLens[\s\S]*non-commercial[\s\S]*IMDb Non-Commercial Datasets/);
      // Nothing starts before the terms are accepted.
      expect(await guide.start().isDisabled()).toBe(true);
      await h.screenshot('first-run-choose');
    });

    it('downloads, imports and trains in one guided step, with progress', async () => {
      await guide.variant('ml-latest-small').click();
      expect(await guide.imdb().isChecked()).toBe(true);
      await guide.accept().check();
      await guide.start().click();
      await expect.poll(() => guide.progress().isVisible()).toBe(true);
      await expect.poll(() => guide.currentStep()).toMatch(/Download and train/);
      await h.page.getByTestId('setup-job-progress').waitFor();
      await h.screenshot('first-run-progress');
      await expect.poll(() => guide.taste().isVisible(), { timeout: 150_000 }).toBe(true);
      const status = h.services.status();
      expect(status.datasets.find((d) => d.kind === 'movielens')!.counts).toMatchObject(ML_LATEST_SMALL);
      expect(status.datasets.find((d) => d.kind === 'imdb-ratings')!.counts.imdbRatings).toBe(755_460);
      expect(status.model).not.toBeNull();
      expect(h.services.setup.state()).toMatchObject({
        step: 'profile',
        completed: ['download-movielens', 'download-imdb', 'train'],
      });
      expect(files.requests.map((r) => r.path)).toEqual([
        '/ml/ml-latest-small.zip.md5',
        '/ml/ml-latest-small.zip',
        '/imdb/title.basics.tsv.gz',
        '/imdb/title.ratings.tsv.gz',
      ]);
    });

    it('shows TMDB posters from the local server on the quick-start cards', async () => {
      await expect.poll(() => guide.quickStartCards().count()).toBeGreaterThan(10);
      await expect.poll(() => guide.posters('loaded').count(), { timeout: 30_000 }).toBeGreaterThan(3);
      const img = guide.posters('loaded').first().locator('img');
      // The real PNG the stand-in served (92×138), fetched by main and cached on disk.
      expect(await img.evaluate((el: HTMLImageElement) => [el.naturalWidth, el.naturalHeight])).toEqual([
        92, 138,
      ]);
      expect(await img.getAttribute('src')).toMatch(/^reeltaste-poster:\/\/tt\d{7,9}$/);
      expect(tmdb.requests.filter((r) => r.path.startsWith('/3/movie/')).length).toBeGreaterThan(3);
      expect(tmdb.requests.every((r) => r.path.startsWith('/t/p/') || r.apiKey === KEY)).toBe(true);
      expect((await h.services.posters.status()).cache.files).toBeGreaterThan(3);
      // Let the visible posters finish loading and fading in.
      await expect.poll(() => guide.posters('loading').count(), { timeout: 30_000 }).toBe(0);
      await h.page.waitForTimeout(400);
      await h.screenshot('first-run-taste');
    });

    it('three ratings later, lands on the Recommendations view and the guide is over', async () => {
      expect(await guide.finish().isDisabled()).toBe(true);
      for (let i = 0; i < 3; i++) {
        const card = guide.quickStartCards().nth(i);
        await card.getByRole('button', { name: `${[8, 4, 9][i]} out of 10` }).click();
        await expect.poll(() => h.services.status().profile?.ratings).toBe(i + 1);
      }
      await expect.poll(() => h.page.getByTestId('setup-rated').innerText()).toBe('3 ratings so far');
      await expect.poll(() => guide.finish().isDisabled(), { timeout: 30_000 }).toBe(false);
      await guide.finish().click();
      await h.page.waitForURL(/#\/recommendations$/);
      expect(await new ShellPage(h.page).heading().innerText()).toBe('Recommendations');
      expect(h.services.setup.state().step).toBe('done');
      // The grid fills (while "watched together" is still being learned), with TMDB posters.
      const cards = h.page.getByTestId('poster-card');
      await expect.poll(() => cards.count(), { timeout: 60_000 }).toBeGreaterThan(5);
      await expect
        .poll(() => h.page.locator('[data-testid="poster-card"] [data-poster="loaded"]').count(), {
          timeout: 30_000,
        })
        .toBeGreaterThan(0);
      await h.screenshot('first-run-landed');
      // Opening the app again goes straight to the recommendations.
      await h.page.goto(h.url);
      await h.page.waitForURL(/#\/recommendations$/);
    });

    it('Settings shows where the TMDB key comes from, the cache, and the TMDB attribution', async () => {
      await new ShellPage(h.page).open('settings');
      const pane = h.page.getByTestId('settings-posters');
      await expect
        .poll(() => h.page.getByTestId('poster-key-state').innerText())
        .toMatch(/REELTASTE_TMDB_KEY/);
      // Plain Node (the harness) cannot encrypt: saving is off, and says why.
      expect(await h.page.getByTestId('poster-key-save').isDisabled()).toBe(true);
      expect(await h.page.getByTestId('poster-store-reason').innerText()).toMatch(
        /never stores it in plain text/,
      );
      expect(await h.page.getByTestId('poster-cache').innerText()).toMatch(/\d+ posters cached/);
      expect(await h.page.getByTestId('tmdb-attribution').innerText()).toBe(
        'This product uses the TMDB API but is not endorsed or certified by TMDB.',
      );
      expect(await h.page.getByTestId('about-tmdb').innerText()).toMatch(/not endorsed or certified by TMDB/);
      await pane.scrollIntoViewIfNeeded();
      await h.screenshot('settings-posters');
    });
  },
);

describe.skipIf(!hasSharedData)('first run, resumed after the app closed during training (dark)', () => {
  it('says where it stopped, continues, and the cards show generated posters without a key', async () => {
    const h = await startHarness({
      colorScheme: 'dark',
      beforeLoad: async (s) => {
        // What a first run had done before the app was closed: terms accepted, MovieLens imported.
        acceptTerms(s.db, 'movielens');
        await ingestMovieLens(s, dataPath('ml-latest-small'));
        writeSetup(s.db, { stage: 'running', variant: 'ml-latest-small', imdb: false, phase: 'train' });
      },
    });
    const guide = new FirstRunPage(h.page);
    try {
      await h.page.waitForURL(/#\/welcome$/);
      await expect
        .poll(() => guide.interrupted().innerText())
        .toMatch(/stopped at “Train the taste model”: Reeltaste was closed before it finished/);
      expect(await guide.phase('download-movielens').getAttribute('data-state')).toBe('done');
      expect(await guide.phase('train').getAttribute('data-state')).toBe('stopped');
      await h.screenshot('first-run-interrupted-dark');
      await guide.resume().click();
      await expect.poll(() => guide.taste().isVisible(), { timeout: 120_000 }).toBe(true);
      const [setupJob] = h.services.jobs.list().filter((j) => j.kind === 'setup');
      expect(setupJob?.result).toMatchObject({
        steps: [
          { phase: 'download-movielens', skipped: true },
          { phase: 'train', skipped: false },
        ],
      });
      await expect.poll(() => guide.quickStartCards().count()).toBeGreaterThan(10);
      // No key: every card keeps its generated poster (title, year, genre colours).
      await expect.poll(() => guide.posters('failed').count()).toBe(await guide.quickStartCards().count());
      const first = guide.posters('failed').first();
      expect(await first.getAttribute('aria-label')).toMatch(/^Poster: .+ \(\d{4}\)$/);
      expect(await first.evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/linear-gradient/);
      await h.screenshot('first-run-taste-dark');
    } finally {
      await h.close();
      await closeBrowser();
    }
  });
});
