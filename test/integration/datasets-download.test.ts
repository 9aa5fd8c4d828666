// Downloads through the real download code from a local HTTP server on 127.0.0.1 (never a real
// host): a zip built at test time from the synthetic fixture or ml-latest-small, a connection dropped
// half-way (resumed with Range), the GroupLens-style .md5 check, IMDb .tsv.gz files, and the terms gate.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadDataset } from '../../main/datasets/download.ts';
import { acceptTerms, setBaseUrlSetting } from '../../main/datasets/store.ts';
import { snapshot, testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { movieLensZip, startFileServer, type FileServer, type Served } from '../support/file-server.ts';

const bin = fileURLToPath(new URL('../../main/cli/reeltaste.js', import.meta.url));

describe.each(movieLensFixtures())('downloads from a local server ($name)', (f) => {
  let files: Map<string, Served>;
  let requests: FileServer['requests'];
  let server: FileServer;
  let base: string;
  let t: ReturnType<typeof testServices>;

  beforeAll(async () => {
    const zip = movieLensZip(undefined, f.movielens);
    const md5 = createHash('md5').update(zip).digest('hex');
    server = await startFileServer();
    ({ files, requests, base } = server);
    files.set('/ml/ml-latest-small.zip', { body: zip, dropAfter: Math.floor(zip.length / 2) });
    files.set('/ml/ml-latest-small.zip.md5', { body: Buffer.from(`MD5 (ml-latest-small.zip) = ${md5}\n`) });
    files.set('/ml/ml-25m.zip', { body: zip });
    files.set('/ml/ml-32m.zip', { body: zip, stallAfter: Math.floor(zip.length / 3) });
    files.set('/ml/ml-32m.zip.md5', { body: Buffer.from(`${md5}\n`) });
    files.set('/ml/ml-25m.zip.md5', { body: Buffer.from(`${'0'.repeat(32)}  ml-25m.zip\n`) });
    files.set('/imdb/title.ratings.tsv.gz', { body: readFileSync(f.imdb.ratings) });
    files.set('/imdb/title.basics.tsv.gz', { body: gzipSync(readFileSync(f.imdb.basics)) });
    t = testServices();
    setBaseUrlSetting(t.s.db, 'movielens', `${base}/ml/`);
    setBaseUrlSetting(t.s.db, 'imdb', `${base}/imdb`);
  });
  afterAll(() => {
    t?.close();
    server?.close();
  });

  it('refuses to download before the terms are accepted', async () => {
    await expect(
      downloadDataset(t.s, { source: 'movielens', variant: 'ml-latest-small' }),
    ).rejects.toMatchObject({
      code: 'TERMS_NOT_ACCEPTED',
      message: expect.stringMatching(/GroupLens.*non-commercial/),
    });
    expect(requests).toEqual([]);
  });

  it('downloads ml-latest-small, resumes after a dropped connection, checks the MD5 and imports it', async () => {
    acceptTerms(t.s.db, 'movielens');
    const fractions: number[] = [];
    const r = await downloadDataset(
      t.s,
      { source: 'movielens', variant: 'ml-latest-small' },
      { onProgress: (p) => p.fraction !== undefined && fractions.push(p.fraction) },
    );
    expect(r).toMatchObject(f.counts);
    const zip = files.get('/ml/ml-latest-small.zip')!.body;
    expect(r.files).toEqual([
      {
        path: join(t.dir, 'downloads', 'movielens', 'ml-latest-small.zip'),
        bytes: zip.length,
        md5: createHash('md5').update(zip).digest('hex'),
        checked: true,
        resumed: 1,
      },
    ]);
    const zipRequests = requests.filter((q) => q.path === '/ml/ml-latest-small.zip');
    expect(zipRequests).toHaveLength(2);
    expect(zipRequests[1]!.range).toMatch(/^bytes=\d+-$/);
    expect(Number(zipRequests[1]!.range!.slice(6, -1))).toBeGreaterThan(0);
    expect(existsSync(`${r.files[0]!.path}.part`)).toBe(false);
    expect(fractions.at(-1)).toBeGreaterThan(0.9);
  });

  it('deletes a download whose MD5 does not match and keeps the data imported before', async () => {
    const before = snapshot(t.s);
    await expect(downloadDataset(t.s, { source: 'movielens', variant: 'ml-25m' })).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(
        /ml-25m\.zip: the download's MD5 checksum is [0-9a-f]{32}, but the publisher lists 0{32}/,
      ),
    });
    expect(existsSync(join(t.dir, 'downloads', 'movielens', 'ml-25m.zip.part'))).toBe(false);
    expect(snapshot(t.s)).toEqual(before);
  });

  it('a cancelled download keeps its .part and the next run resumes it with a Range request', async () => {
    const part = join(t.dir, 'downloads', 'movielens', 'ml-32m.zip.part');
    const controller = new AbortController();
    const run = downloadDataset(
      t.s,
      { source: 'movielens', variant: 'ml-32m' },
      { signal: controller.signal },
    );
    await expect.poll(() => (existsSync(part) ? statSync(part).size : 0)).toBeGreaterThan(0);
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    const kept = statSync(part).size;
    expect(kept).toBe(Math.floor(files.get('/ml/ml-32m.zip')!.body.length / 3));
    const r = await downloadDataset(t.s, { source: 'movielens', variant: 'ml-32m' });
    expect(r.files[0]).toMatchObject({ checked: true, resumed: 1 });
    expect(requests.filter((q) => q.path === '/ml/ml-32m.zip').map((q) => q.range)).toEqual([
      undefined,
      `bytes=${kept}-`,
    ]);
    expect(r).toMatchObject({ ratings: f.counts.ratings });
  });

  it('downloads the IMDb files (.tsv.gz) and imports them', async () => {
    acceptTerms(t.s.db, 'imdb');
    const r = await downloadDataset(t.s, { source: 'imdb' });
    expect(r).toMatchObject({
      imdbRatings: f.imdb.ratingsRows,
      titles: f.imdb.basicsTitles,
      matchedMovies: f.imdb.matchedMovies,
    });
    expect(r.files.map((f) => f.path.split('/').pop())).toEqual([
      'title.basics.tsv.gz',
      'title.ratings.tsv.gz',
    ]);
  });

  it('the CLI prints the terms, needs --accept-terms once, then downloads (base URL from the environment)', async () => {
    const dataDir = join(t.dir, 'cli');
    const env = { ...process.env, REELTASTE_MOVIELENS_BASE_URL: `${base}/ml` };
    const cli = (args: string[]) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
        execFile(process.execPath, [bin, ...args], { env }, (err, stdout, stderr) =>
          resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
        ),
      );
    const refused = await cli([
      'download',
      'movielens',
      '--variant',
      'ml-latest-small',
      '--data-dir',
      dataDir,
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toMatch(/terms of use[\s\S]*non-commercial/);
    expect(refused.stderr).toMatch(/run again with --accept-terms/);
    const ok = await cli([
      'download',
      'movielens',
      '--variant',
      'ml-latest-small',
      '--accept-terms',
      '--json',
      '--data-dir',
      dataDir,
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim().split('\n').pop()!)).toMatchObject(f.counts);
    // Accepted once is remembered: no flag needed the second time (the file is reused, MD5 checked).
    const again = await cli(['download', 'movielens', '--json', '--data-dir', dataDir]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim().split('\n').pop()!).files[0]).toMatchObject({
      checked: true,
      resumed: 0,
    });
  });
});
