// The first-run setup (service and `setup` CLI) through the real download, import and training
// code, with the files served from 127.0.0.1: a synthetic MovieLens zip, then the fixtures (synthetic
// MovieLens + IMDb, and the real ml-latest-small + IMDb when ../shared is there). Resume: a cancelled
// download continues with a Range request, and a setup whose app was closed during training skips
// the finished download.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { readSetup } from '../../main/setup/store.ts';
import type { SetupResult } from '../../main/setup/types.ts';
import { writeMl25m } from '../bench/write-ml25m.ts';
import { testServices } from '../support/datasets.ts';
import { md5Listing, movieLensZip, startFileServer, type FileServer } from '../support/file-server.ts';
import { runCliAsync } from '../support/cli.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { tempDir } from '../support/tmp.ts';
import { zipBuffer } from '../support/zip-writer.ts';

// Every epoch (no early stopping), so the results can say how many ran.
const FAST_TRAINING = { epochs: 5, patience: 0 };

function syntheticZip(dir: string): Buffer {
  const folder = join(dir, 'synthetic');
  writeMl25m(folder, { users: 300, items: 400, ratings: 12_000, seed: 5 });
  return zipBuffer(
    ['links.csv', 'movies.csv', 'ratings.csv'].map((n) => ({
      name: `ml-latest-small/${n}`,
      data: join(folder, n),
    })),
  );
}

describe('first-run setup (synthetic MovieLens from a local server)', () => {
  let server: FileServer;
  let t: ReturnType<typeof testServices>;
  beforeAll(async () => {
    t = testServices('reeltaste-setup-');
    const zip = syntheticZip(t.dir);
    server = await startFileServer(
      new Map([
        ['/ml/ml-latest-small.zip', { body: zip }],
        ['/ml/ml-latest-small.zip.md5', { body: md5Listing(zip, 'ml-latest-small.zip') }],
      ]),
    );
    process.env.REELTASTE_MOVIELENS_BASE_URL = `${server.base}/ml/`;
    t.s.settings.update({ training: FAST_TRAINING });
  });
  afterAll(() => {
    delete process.env.REELTASTE_MOVIELENS_BASE_URL;
    t?.close();
    server?.close();
  });

  it('starts at "choose", and refuses to download before the terms are accepted', () => {
    expect(t.s.setup.state()).toMatchObject({
      step: 'choose',
      dismissed: false,
      variant: null,
      phases: [],
      jobId: null,
    });
    expect(() => t.s.setup.start({ variant: 'ml-latest-small', imdb: false })).toThrow(
      expect.objectContaining({ code: 'TERMS_NOT_ACCEPTED' }),
    );
    expect(() => t.s.setup.start({ variant: 'ml-99m' as 'ml-25m', imdb: false })).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT' }),
    );
    expect(server.requests).toEqual([]);
    expect(readSetup(t.s.db)).toBeUndefined();
  });

  it('downloads, imports and trains as one job with one progress bar, then waits for your ratings', async () => {
    const fractions: number[] = [];
    const messages = new Set<string>();
    const detach = t.s.events.add({
      emit(event, p) {
        const snap = p as { kind: string; progress: { fraction?: number; message?: string } };
        if (event !== 'jobs/changed' || snap.kind !== 'setup') return;
        if (snap.progress.fraction !== undefined) fractions.push(snap.progress.fraction);
        if (snap.progress.message) messages.add(snap.progress.message.replace(/:.*/, ''));
      },
    });
    const job = t.s.setup.start({ variant: 'ml-latest-small', imdb: false, acceptTerms: true });
    expect(t.s.setup.state()).toMatchObject({
      step: 'running',
      jobId: job.id,
      phases: ['download-movielens', 'train'],
    });
    const r = await job.done;
    detach();
    expect(r).toMatchObject({ variant: 'ml-latest-small', imdb: false, modelId: expect.any(Number) });
    expect(r.steps.map((s) => [s.phase, s.skipped])).toEqual([
      ['download-movielens', false],
      ['train', false],
    ]);
    expect(r.steps[0]!.result).toMatchObject({ ratings: 12_000 });
    expect(r.steps[1]!.result).toMatchObject({ epochs: 5, modelId: r.modelId });
    // The bar only moves forward, through both steps.
    expect(fractions.length).toBeGreaterThan(2);
    for (let i = 1; i < fractions.length; i++)
      expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]! - 1e-9);
    expect([...messages]).toEqual(
      expect.arrayContaining(['Step 1 of 2 (MovieLens)', 'Step 2 of 2 (Training)']),
    );
    // The same jobs as the Data and Training panes: they are listed on their own too.
    expect(t.s.jobs.list().map((j) => j.kind)).toEqual(
      expect.arrayContaining(['setup', 'datasets/download-movielens', 'train']),
    );
    expect(t.s.setup.state()).toMatchObject({
      step: 'profile',
      completed: ['download-movielens', 'train'],
      importedVariant: 'ml-latest-small',
    });
    expect(t.s.status().nextStep).toBe('import-ratings');
  });

  it('a second start skips what is done; finish and skip close the guide for good', async () => {
    const before = server.requests.length;
    const r = await t.s.setup.start({ variant: 'ml-latest-small', imdb: false }).done;
    expect(r.steps.map((s) => s.skipped)).toEqual([true, true]);
    expect(server.requests.length).toBe(before);
    expect(t.s.setup.finish()).toMatchObject({ step: 'done', dismissed: true });
    // Skipping closes the guide too, but it still says what the folder needs.
    t.s.db.prepare('DELETE FROM models').run();
    expect(t.s.setup.skip()).toMatchObject({ step: 'choose', dismissed: true });
  });

  it('a failed download leaves the setup interrupted, saying why, and the data as it was', async () => {
    const before = t.s.status().datasets;
    await expect(t.s.setup.start({ variant: 'ml-25m', imdb: false }).done).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(t.s.setup.state()).toMatchObject({
      step: 'interrupted',
      variant: 'ml-25m',
      phase: 'download-movielens',
      error: expect.stringMatching(/ml-25m\.zip was not found on the server \(404\)/),
    });
    expect(t.s.status().datasets).toEqual(before);
  });
});

describe.each(movieLensFixtures())('setup from a local server ($name)', (f) => {
  let server: FileServer;
  const dirs: { remove(): void }[] = [];
  beforeAll(async () => {
    const zip = movieLensZip(undefined, f.movielens);
    server = await startFileServer(
      new Map([
        ['/ml/ml-latest-small.zip', { body: zip }],
        ['/ml/ml-latest-small.zip.md5', { body: md5Listing(zip, 'ml-latest-small.zip') }],
        ['/imdb/title.ratings.tsv.gz', { body: readFileSync(f.imdb.ratings) }],
        ['/imdb/title.basics.tsv.gz', { body: gzipSync(readFileSync(f.imdb.basics)) }],
      ]),
    );
  });
  afterEach(() => delete process.env.REELTASTE_MOVIELENS_BASE_URL);
  afterAll(() => {
    server?.close();
    dirs.forEach((d) => d.remove());
  });
  const env = () => ({
    REELTASTE_MOVIELENS_BASE_URL: `${server.base}/ml/`,
    REELTASTE_IMDB_BASE_URL: `${server.base}/imdb/`,
  });
  const folder = (training = FAST_TRAINING) => {
    const d = tempDir('reeltaste-setup-');
    dirs.push(d);
    // Training defaults are settings: a few epochs keep the test short.
    const s = createServices({ dataDir: d.path, spawner: nodeSpawner() });
    s.settings.update({ training });
    s.shutdown();
    return d.path;
  };

  it('`setup` prints the terms and needs --accept-terms; then one command sets everything up (--json)', async () => {
    const dir = folder();
    const refused = await runCliAsync(['setup', '--imdb', '--data-dir', dir], env());
    expect(refused.status).toBe(1);
    expect(refused.stdout).toMatch(
      /MovieLens.*terms of use[\s\S]*IMDb Non-Commercial Datasets: terms of use/,
    );
    expect(refused.stderr).toMatch(/Accept the .* terms first: run again with --accept-terms/);
    const ok = await runCliAsync(
      ['setup', '--variant', 'ml-latest-small', '--accept-terms', '--imdb', '--json', '--data-dir', dir],
      env(),
    );
    expect(ok.status, ok.stderr).toBe(0);
    const r = ok.json<SetupResult>();
    expect(r.steps.map((s) => s.phase)).toEqual(['download-movielens', 'download-imdb', 'train']);
    expect(r.steps[0]!.result).toMatchObject(f.counts);
    expect(r.steps[1]!.result).toMatchObject({
      imdbRatings: f.imdb.ratingsRows,
      titles: f.imdb.basicsTitles,
      matchedMovies: f.imdb.matchedMovies,
    });
    expect(r.steps[2]!.result).toMatchObject({ ratings: f.counts.ratings, epochs: 5, modelId: r.modelId });
    const status = (await runCliAsync(['status', '--json', '--data-dir', dir])).json<{
      nextStep: string;
      model: { id: number };
    }>();
    expect(status).toMatchObject({ nextStep: 'import-ratings', model: { id: r.modelId } });
    // Run again: nothing to do, said in words.
    const again = await runCliAsync(['setup', '--imdb', '--data-dir', dir], env());
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      /MovieLens\s+already done[\s\S]*IMDb\s+already done[\s\S]*Training\s+already done/,
    );
    expect(again.stdout).toMatch(/import-ratings FILE/);
  });

  it('resumes: a cancelled download continues with a Range request, a closed app skips the finished download', async () => {
    // The app is closed while it trains: on the small synthetic data, enough epochs to be caught at it.
    const dir = folder(f.real ? FAST_TRAINING : { ...FAST_TRAINING, epochs: 100 });
    process.env.REELTASTE_MOVIELENS_BASE_URL = `${server.base}/ml/`;
    const zip = server.files.get('/ml/ml-latest-small.zip')!;
    const cut = Math.floor(zip.body.length / 3);
    zip.stallAfter = cut;
    let s = createServices({ dataDir: dir, spawner: nodeSpawner() });
    const first = s.setup.start({ variant: 'ml-latest-small', imdb: false, acceptTerms: true });
    const part = join(dir, 'downloads', 'movielens', 'ml-latest-small.zip.part');
    await expect.poll(() => (existsSync(part) ? statSync(part).size : 0)).toBe(cut);
    s.jobs.cancel(first.id);
    await expect(first.done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(s.setup.state()).toMatchObject({
      step: 'interrupted',
      phase: 'download-movielens',
      error: 'Setup was cancelled.',
    });
    const before = server.requests.length;
    // Continue: the download resumes; stop the app while it trains.
    const second = s.setup.start({ variant: 'ml-latest-small', imdb: false });
    await expect.poll(() => s.setup.state().phase, { timeout: 60_000 }).toBe('train');
    const zipRequests = server.requests.slice(before).filter((q) => q.path === '/ml/ml-latest-small.zip');
    expect(zipRequests.map((q) => q.range)).toEqual([`bytes=${cut}-`]);
    s.shutdown();
    await second.done.catch(() => {});
    // The next app run finds it interrupted during training, with the download done.
    s = createServices({ dataDir: dir, spawner: nodeSpawner() });
    try {
      expect(s.setup.state()).toMatchObject({
        step: 'interrupted',
        phase: 'train',
        completed: ['download-movielens'],
        error: null,
      });
      const requests = server.requests.length;
      const r = await s.setup.start({ variant: 'ml-latest-small', imdb: false }).done;
      expect(r.steps.map((x) => [x.phase, x.skipped])).toEqual([
        ['download-movielens', true],
        ['train', false],
      ]);
      expect(server.requests.length).toBe(requests);
      expect(s.setup.state().step).toBe('profile');
    } finally {
      s.shutdown();
    }
  });
});
