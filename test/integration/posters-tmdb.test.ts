// Posters from a local TMDB stand-in on 127.0.0.1 (TMDB's JSON shapes, real PNG bytes): by the
// tmdbId of links.csv, by `find` on the IMDb id when there is none (or it is stale), v3 key and v4
// token auth, 429 + Retry-After honoured by every request, the protocol handler's answers (image,
// no key, no poster, offline, refused key) and the disk cache in between. Synthetic titles run
// without ../shared; a MovieLens import's links are checked on the synthetic fixture, and on the
// real ml-latest-small when the data is there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TmdbClient, TmdbError, retryAfterMs } from '../../main/posters/tmdb.ts';
import { PosterService } from '../../main/posters/service.ts';
import { nodeSecretStore } from '../../main/posters/secret-store.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { linkedAndUnlinked, startFakeTmdb, type FakeTmdb } from '../support/tmdb-server.ts';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJl';

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, and waits a second when the header is absent or odd', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Sun, 01 Mar 2026 10:00:07 GMT', now)).toBe(7000);
    expect(retryAfterMs('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs(null, now)).toBe(1000);
    expect(retryAfterMs('soon', now)).toBe(1000);
  });
});

describe('TMDB client (local server)', () => {
  let tmdb: FakeTmdb;
  let client: TmdbClient;
  beforeAll(async () => {
    tmdb = await startFakeTmdb(
      [
        { tmdbId: 862, tconst: 'tt0114709', posterPath: '/toy.png', rgb: [30, 90, 200] },
        { tconst: 'tt0903747', kind: 'tv', posterPath: '/breaking.png' },
        { tmdbId: 5, tconst: 'tt0000005', posterPath: null },
        { tconst: 'tt0000006', posterPath: '/found-by-imdb.png' },
        { tmdbId: 7, posterPath: '//evil.example/x.png' },
      ],
      { apiKey: KEY, bearer: TOKEN },
    );
  });
  beforeEach(() => {
    tmdb.requests.length = 0;
    client = new TmdbClient({ baseUrls: () => ({ api: tmdb.apiBase, image: tmdb.imageBase }) });
  });
  afterAll(() => tmdb?.close());

  it('fetches a poster by the tmdbId from links.csv: details, then the w342 image', async () => {
    const got = await client.poster(KEY, { tconst: 'tt0114709', tmdbId: 862 });
    expect(got).toMatchObject({ mime: 'image/png', path: '/toy.png' });
    expect(Buffer.from(got!.bytes).equals(tmdb.image('/toy.png'))).toBe(true);
    expect(tmdb.requests.map((r) => [r.path, r.apiKey])).toEqual([
      ['/3/movie/862', KEY],
      ['/t/p/w342/toy.png', null],
    ]);
  });

  it("uses TMDB's find by IMDb id without a tmdbId (a series) or when the tmdbId is stale", async () => {
    expect(await client.poster(KEY, { tconst: 'tt0903747', tmdbId: null })).toMatchObject({
      path: '/breaking.png',
    });
    expect(await client.posterPath(KEY, { tconst: 'tt0000006', tmdbId: 999_999 })).toBe('/found-by-imdb.png');
    expect(tmdb.requests.map((r) => r.path)).toEqual([
      '/3/find/tt0903747',
      '/t/p/w342/breaking.png',
      '/3/movie/999999',
      '/3/find/tt0000006',
    ]);
  });

  it('sends a v4 read access token as a bearer token, not in the URL', async () => {
    expect(await client.posterPath(TOKEN, { tconst: 'tt0114709', tmdbId: 862 })).toBe('/toy.png');
    expect(tmdb.requests[0]).toMatchObject({ apiKey: null, bearer: TOKEN });
  });

  it('answers null when TMDB has no poster, and refuses a poster path that leaves the image host', async () => {
    expect(await client.poster(KEY, { tconst: 'tt0000005', tmdbId: 5 })).toBeNull();
    expect(await client.poster(KEY, { tconst: 'tt0000404', tmdbId: null })).toBeNull();
    await expect(client.poster(KEY, { tconst: 'tt0000007', tmdbId: 7 })).rejects.toThrow(
      /unexpected poster path: "\/\/evil\.example/,
    );
    expect(tmdb.requests.some((r) => r.path.includes('evil'))).toBe(false);
  });

  it('a refused key is an auth error that says where to fix it', async () => {
    const err = await client
      .poster('wrong-key-wrong-key', { tconst: 'tt0114709', tmdbId: 862 })
      .catch((e) => e);
    expect(err).toBeInstanceOf(TmdbError);
    expect(err).toMatchObject({
      kind: 'auth',
      message: expect.stringMatching(/refused the API key \(401\).*Settings → Posters/),
    });
  });

  it('honours 429 Retry-After: no request goes out until it has passed, then all succeed', async () => {
    tmdb.throttle('/3/movie/862', 1, '1');
    const started = Date.now();
    const [a, b] = await Promise.all([
      client.posterPath(KEY, { tconst: 'tt0114709', tmdbId: 862 }),
      // Starts while the first waits out the 429: it must wait too.
      new Promise((r) => setTimeout(r, 100)).then(() =>
        client.posterPath(KEY, { tconst: 'tt0000006', tmdbId: null }),
      ),
    ]);
    expect([a, b]).toEqual(['/toy.png', '/found-by-imdb.png']);
    expect(client.rateLimited).toBe(1);
    const [first, ...rest] = tmdb.requests;
    expect(first!.path).toBe('/3/movie/862');
    expect(rest).toHaveLength(2);
    for (const r of rest) expect(r.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once when Retry-After is longer than a request may wait, and sends nothing meanwhile', async () => {
    tmdb.throttle('/3/movie/862', 1, '600');
    await expect(client.posterPath(KEY, { tconst: 'tt0114709', tmdbId: 862 })).rejects.toMatchObject({
      kind: 'rate',
    });
    await expect(client.posterPath(KEY, { tconst: 'tt0000006', tmdbId: null })).rejects.toMatchObject({
      kind: 'rate',
      message: expect.stringMatching(/wait 600 s/),
    });
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/3/movie/862']);
  });

  it('stops retrying after repeated 429s', async () => {
    const quick = new TmdbClient({
      baseUrls: () => ({ api: tmdb.apiBase, image: tmdb.imageBase }),
      maxRetries: 2,
    });
    tmdb.throttle('/3/movie/862', 5, '0');
    await expect(quick.posterPath(KEY, { tconst: 'tt0114709', tmdbId: 862 })).rejects.toMatchObject({
      kind: 'rate',
      message: expect.stringMatching(/several times/),
    });
    expect(tmdb.requests).toHaveLength(3);
  });
});

describe('poster protocol handler (PosterService.respond)', () => {
  let tmdb: FakeTmdb;
  let t: ReturnType<typeof testServices>;
  let posters: PosterService;
  const insertMovie = (id: number, tconst: string, tmdbId: number | null) =>
    t.s.db
      .prepare(
        "INSERT INTO movies(movie_id, title, year, genres, imdb_id, tconst, tmdb_id) VALUES (?, 'T', 2000, 'Drama', ?, ?, ?)",
      )
      .run(id, tconst.slice(2), tconst, tmdbId);

  beforeAll(async () => {
    tmdb = await startFakeTmdb(
      [
        { tmdbId: 862, tconst: 'tt0114709', posterPath: '/toy.png' },
        { tconst: 'tt0113610', posterPath: '/no-tmdb-id.png' },
        { tmdbId: 5, tconst: 'tt0000005', posterPath: null },
      ],
      { apiKey: KEY },
    );
    t = testServices('reeltaste-posters-');
    insertMovie(1, 'tt0114709', 862);
    insertMovie(791, 'tt0113610', null);
    insertMovie(5, 'tt0000005', 5);
    posters = new PosterService(
      t.s,
      nodeSecretStore,
      new TmdbClient({ baseUrls: () => ({ api: tmdb.apiBase, image: tmdb.imageBase }) }),
    );
  });
  beforeEach(() => {
    tmdb.requests.length = 0;
    delete process.env.REELTASTE_TMDB_KEY;
  });
  afterAll(async () => {
    delete process.env.REELTASTE_TMDB_KEY;
    t?.close();
    await tmdb?.close();
  });

  it('without a key answers 404 "no-key" at once, asking nobody', async () => {
    const res = await posters.respond('reeltaste-poster://tt0114709');
    expect(res.status).toBe(404);
    expect(res.headers.get('x-poster-none')).toBe('no-key');
    expect(tmdb.requests).toEqual([]);
    expect((await posters.status()).hasKey).toBe(false);
  });

  it('rejects URLs that are not a poster of a title', async () => {
    for (const url of [
      'reeltaste-poster://../../etc/passwd',
      'reeltaste-poster://tt0114709/../../x',
      'file:///tmp/tt0114709.jpg',
      'reeltaste-poster://nm0000001',
    ])
      expect((await posters.respond(url)).status, url).toBe(400);
  });

  it('with REELTASTE_TMDB_KEY: fetches once (by tmdbId, or find), then serves from the disk cache', async () => {
    process.env.REELTASTE_TMDB_KEY = KEY;
    expect(await posters.status()).toMatchObject({ hasKey: true, keySource: 'env', canStore: false });
    // Several cards asking at once cost one fetch.
    const [res] = await Promise.all([
      posters.respond('reeltaste-poster://tt0114709/'),
      posters.respond('reeltaste-poster://tt0114709'),
    ]);
    expect(res!.status).toBe(200);
    expect(res!.headers.get('content-type')).toBe('image/png');
    expect(res!.headers.get('x-poster-source')).toBe('tmdb');
    expect(Buffer.from(await res!.arrayBuffer()).equals(tmdb.image('/toy.png'))).toBe(true);
    const again = await posters.respond('reeltaste-poster://tt0114709');
    expect(again.headers.get('x-poster-source')).toBe('cache');
    const noTmdbId = await posters.respond('reeltaste-poster://tt0113610');
    expect(noTmdbId.status).toBe(200);
    expect(tmdb.requests.map((r) => r.path)).toEqual([
      '/3/movie/862',
      '/t/p/w342/toy.png',
      '/3/find/tt0113610',
      '/t/p/w342/no-tmdb-id.png',
    ]);
    expect(await posters.cache.stats()).toMatchObject({ files: 2 });
  });

  it('remembers that TMDB has no poster (404, not asked again)', async () => {
    process.env.REELTASTE_TMDB_KEY = KEY;
    for (let i = 0; i < 2; i++) {
      const res = await posters.respond('reeltaste-poster://tt0000005');
      expect(res.status).toBe(404);
      expect(res.headers.get('x-poster-none')).toBe('missing');
    }
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/3/movie/5']);
  });

  it('a refused key: 503 with the reason in status, and TMDB is not asked again with it', async () => {
    process.env.REELTASTE_TMDB_KEY = 'not-the-right-key-at-all';
    expect((await posters.respond('reeltaste-poster://tt0000404')).status).toBe(503);
    expect((await posters.respond('reeltaste-poster://tt0000405')).status).toBe(503);
    expect(tmdb.requests).toHaveLength(1);
    expect((await posters.status()).lastError?.message).toMatch(/refused the API key/);
    // Cached posters are still served.
    expect((await posters.respond('reeltaste-poster://tt0114709')).status).toBe(200);
  });

  it('offline: 503 quickly, and the next requests do not wait on the network', async () => {
    const dir = testServices('reeltaste-posters-offline-');
    try {
      process.env.REELTASTE_TMDB_KEY = KEY;
      // Nothing listens on port 9 of loopback (discard): connections are refused.
      const offline = new PosterService(
        dir.s,
        nodeSecretStore,
        new TmdbClient({
          baseUrls: () => ({ api: 'http://127.0.0.1:9/3/', image: 'http://127.0.0.1:9/t/p/' }),
        }),
      );
      const first = await offline.respond('reeltaste-poster://tt0114709');
      expect(first.status).toBe(503);
      expect((await offline.status()).lastError?.message).toMatch(/Could not reach TMDB/);
      const started = performance.now();
      expect((await offline.respond('reeltaste-poster://tt0113610')).status).toBe(503);
      expect(performance.now() - started).toBeLessThan(50);
    } finally {
      dir.close();
    }
  });
});

describe.each(movieLensFixtures())('posters for the links of a MovieLens import ($name)', (f) => {
  it('uses the tmdbId links.csv gives, and find for the films it has none for', async () => {
    const t = testServices('reeltaste-posters-links-');
    process.env.REELTASTE_TMDB_KEY = KEY;
    let tmdb: FakeTmdb | undefined;
    try {
      await ingestMovieLens(t.s, f.movielens);
      const { linked, unlinked } = linkedAndUnlinked(t.s.db);
      tmdb = await startFakeTmdb(
        [
          { tmdbId: linked.tmdb_id!, tconst: linked.tconst, posterPath: '/linked.png' },
          { tconst: unlinked.tconst, posterPath: '/unlinked.png' },
        ],
        { apiKey: KEY },
      );
      const baseUrls = { api: tmdb.apiBase, image: tmdb.imageBase };
      const posters = new PosterService(t.s, nodeSecretStore, new TmdbClient({ baseUrls: () => baseUrls }));
      expect((await posters.respond(`reeltaste-poster://${linked.tconst}`)).status).toBe(200);
      expect((await posters.respond(`reeltaste-poster://${unlinked.tconst}`)).status).toBe(200);
      expect(tmdb.requests.map((r) => r.path)).toEqual([
        `/3/movie/${linked.tmdb_id}`,
        '/t/p/w342/linked.png',
        `/3/find/${unlinked.tconst}`,
        '/t/p/w342/unlinked.png',
      ]);
      if (f.real)
        expect([linked.tconst, linked.tmdb_id, unlinked.tconst]).toEqual(['tt0114709', 862, 'tt0113610']);
    } finally {
      delete process.env.REELTASTE_TMDB_KEY;
      t.close();
      await tmdb?.close();
    }
  });
});
