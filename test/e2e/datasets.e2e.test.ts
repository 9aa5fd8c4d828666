// Settings → Data in Chromium against the real services: drop a MovieLens zip (built at test time
// from the real ml-latest-small files) and watch the progress and the final counts; cancel a big
// import and keep the old data; the licence terms dialog before a first download, and a download
// from a local HTTP server (never a real host) once they are accepted.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, startHarness, type Harness } from './harness.ts';
import { ShellPage } from './pages/shell.ts';
import { DataPane } from './pages/data-pane.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { writeZip } from '../support/zip-writer.ts';
import { md5Listing, movieLensZip, startFileServer } from '../support/file-server.ts';
import { writeMl25m } from '../bench/write-ml25m.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { ML_LATEST_SMALL } from '../support/known-counts.ts';

describe.skipIf(!hasSharedData)(
  `Settings → Data (${hasSharedData ? 'real ml-latest-small' : sharedDataSkipReason})`,
  () => {
    let h: Harness;
    let shell: ShellPage;
    let pane: DataPane;
    beforeAll(async () => {
      h = await startHarness();
      shell = new ShellPage(h.page);
      pane = new DataPane(h.page);
      await shell.open('settings');
    });
    afterAll(async () => {
      await h?.close();
      await closeBrowser();
    });

    it('starts empty, with the drop hint and download buttons', async () => {
      expect(await pane.root().getByTestId('empty-state').innerText()).toMatch(
        /No datasets yet.*drop a MovieLens \.zip/s,
      );
      await expect.poll(() => pane.root().getByTestId('movielens-variant').locator('option').count()).toBe(3);
      await h.screenshot('datasets-empty');
    });

    it('imports a dropped MovieLens zip, showing progress and then the counts', async () => {
      const ml = dataPath('ml-latest-small');
      const zip = writeZip(
        join(h.dataDir, 'ml-latest-small.zip'),
        ['links.csv', 'movies.csv', 'ratings.csv', 'tags.csv'].map((n) => ({
          name: `ml-latest-small/${n}`,
          data: join(ml, n),
        })),
      );
      await pane.watchProgress();
      await h.dropFiles([zip]);
      const row = pane.dataset('movielens');
      await expect
        .poll(() => row.innerText().catch(() => ''), { timeout: 60_000 })
        .toMatch(/9,742 movies.*100,836 ratings.*610 users.*9,742 links/s);
      expect(await row.innerText()).toMatch(/ml-latest-small/);
      const seen = await pane.progressSeen();
      expect(seen.length).toBeGreaterThan(0);
      expect(seen.some((v) => v > 0 && v < 1)).toBe(true);
      await expect.poll(() => pane.job().count()).toBe(0);
      expect(h.services.status().datasets[0]!.counts).toMatchObject(ML_LATEST_SMALL);
      await h.screenshot('datasets-imported');
    });

    it('shows a big import with a progress bar and ETA, and Cancel keeps the data imported before', async () => {
      // ~10M generated ratings in a folder: an import long enough to watch and cancel.
      const dir = join(h.dataDir, 'ml-big');
      writeMl25m(dir, { users: 40_000, items: 20_000, ratings: 10_000_000, seed: 3 });
      await h.dropFiles([dir]);
      await pane.progress().waitFor({ state: 'visible', timeout: 30_000 });
      await expect
        .poll(() => pane.job().innerText(), { timeout: 30_000 })
        .toMatch(/Importing MovieLens \(ml-big\)[\s\S]*\d+%.*MB of .*MB.*left/s);
      await h.screenshot('datasets-progress');
      await pane.cancel().click();
      await expect
        .poll(
          () =>
            pane
              .problem()
              .innerText()
              .catch(() => ''),
          { timeout: 30_000 },
        )
        .toMatch(/was cancelled; nothing was changed/);
      expect(await pane.dataset('movielens').innerText()).toMatch(/9,742 movies.*100,836 ratings/s);
      expect(h.services.status().datasets.find((d) => d.kind === 'movielens')!.counts.ratings).toBe(100836);
      await h.screenshot('datasets-cancelled');
    });

    it('shows the licence terms before the first download, and Cancel starts nothing', async () => {
      await h.page.getByTestId('download-movielens').click();
      const dialog = pane.termsDialog();
      await expect.poll(() => dialog.isVisible()).toBe(true);
      expect(await dialog.innerText()).toMatch(/MovieLens.*terms of use[\s\S]*non-commercial/);
      await h.screenshot('datasets-terms');
      await h.page.getByTestId('terms-decline').click();
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(h.services.jobs.list().filter((j) => j.kind.startsWith('datasets/download'))).toEqual([]);
    });

    it('Download: accept the terms, then the zip comes from a local server and is imported', async () => {
      const zip = movieLensZip();
      const server = await startFileServer(
        new Map([
          ['/ml/ml-latest-small.zip', { body: zip }],
          ['/ml/ml-latest-small.zip.md5', { body: md5Listing(zip, 'ml-latest-small.zip') }],
        ]),
      );
      const served = server.requests;
      process.env.REELTASTE_MOVIELENS_BASE_URL = `${server.base}/ml/`;
      try {
        await h.page.getByTestId('download-movielens').click();
        await expect.poll(() => pane.termsDialog().isVisible()).toBe(true);
        await h.page.getByTestId('terms-accept').click();
        await expect
          .poll(() => h.services.status().datasets.find((d) => d.kind === 'movielens')?.source, {
            timeout: 60_000,
          })
          .toBe(join(h.dataDir, 'downloads', 'movielens', 'ml-latest-small.zip'));
        expect(served.map((r) => r.path)).toEqual(['/ml/ml-latest-small.zip.md5', '/ml/ml-latest-small.zip']);
        await expect
          .poll(() => pane.dataset('movielens').innerText())
          .toMatch(/9,742 movies.*100,836 ratings.*610 users/s);
        await expect
          .poll(() => h.page.getByTestId('job-datasets/download-movielens').innerText())
          .toMatch(/Downloading MovieLens ml-latest-small[\s\S]*Done/);
        // Accepted once: the next download asks no more.
        expect(
          h.services.db
            .prepare("SELECT value FROM settings WHERE key = 'datasets.termsAccepted'")
            .pluck()
            .get(),
        ).toMatch(/"movielens":"20/);
        await h.screenshot('datasets-downloaded');
      } finally {
        delete process.env.REELTASTE_MOVIELENS_BASE_URL;
        server.close();
      }
    });
  },
);

describe.skipIf(!hasSharedData)(
  'Settings → Data (dark theme, data imported before the window opened)',
  () => {
    it('lists every dataset with its counts', async () => {
      const h = await startHarness({
        colorScheme: 'dark',
        beforeLoad: async (s) => {
          await ingestMovieLens(s, dataPath('ml-latest-small'));
          await ingestImdb(s, [dataPath('imdb/title.ratings.tsv.gz')]);
        },
      });
      try {
        await new ShellPage(h.page).open('settings');
        const pane = new DataPane(h.page);
        await expect
          .poll(() => pane.dataset('imdb-ratings').innerText())
          .toMatch(/IMDb ratings.*755,460 imdbRatings/s);
        expect(await pane.dataset('movielens').innerText()).toMatch(
          /MovieLens\s+ml-latest-small\s+9,742 movies.*100,836 ratings.*610 users.*9,742 links.*3,683 tags/s,
        );
        await h.screenshot('datasets-dark');
      } finally {
        await h.close();
        await closeBrowser();
      }
    });
  },
);
