// Where to watch against the local TMDB stand-in (TMDB's watch-provider shapes): providers by kind
// for a film (by links.csv's tmdbId) and a series (find → tv_results), a region change served from
// the same cached row, the daily cache lifetime and the dated offline fallback, 429 + Retry-After,
// 5xx, slow and malformed answers, a title TMDB does not know, no key; and the "on my services"
// filter filling 30 titles from a ranked list a few hundred deep, unknown titles kept as unknown.
// Synthetic titles run without ../shared; the links of a MovieLens import are checked on the synthetic
// fixture and on the real ml-latest-small when the data is there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PosterService } from '../../main/posters/service.ts';
import { nodeSecretStore } from '../../main/posters/secret-store.ts';
import { TmdbClient } from '../../main/posters/tmdb.ts';
import { WhereService, localeRegion, WHERE_TTL_MS } from '../../main/where/service.ts';
import {
  linkedAndUnlinked,
  startFakeTmdb,
  type FakeProvider,
  type FakeTmdb,
} from '../support/tmdb-server.ts';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { runCliAsync } from '../support/cli.ts';
import { ATTRIBUTION } from '../../main/where/types.ts';

const KEY = '0123456789abcdef0123456789abcdef';
const NETFLIX = 8;
const IPLAYER = 38;
const APPLE = 2;
const PLUTO = 300;
const HULU = 15;
const PROVIDERS: FakeProvider[] = [
  { id: NETFLIX, name: 'Netflix', regions: { GB: 1, US: 2 } },
  { id: IPLAYER, name: 'BBC iPlayer', regions: { GB: 3 } },
  { id: APPLE, name: 'Apple TV', regions: { GB: 5, US: 4 }, media: ['movie'] },
  { id: PLUTO, name: 'Pluto TV', regions: { GB: 9, US: 9 } },
  { id: HULU, name: 'Hulu', regions: { US: 1 }, media: ['tv'] },
];

describe('where to watch (local TMDB)', () => {
  let tmdb: FakeTmdb;
  let t: ReturnType<typeof testServices>;
  let clock: number;
  let where: WhereService;
  let posters: PosterService;
  beforeAll(async () => {
    tmdb = await startFakeTmdb(
      [
        {
          tmdbId: 862,
          tconst: 'tt0114709',
          posterPath: null,
          watch: {
            GB: { flatrate: [NETFLIX, IPLAYER], free: [PLUTO], rent: [APPLE], buy: [APPLE] },
            US: { ads: [PLUTO], buy: [APPLE] },
          },
        },
        {
          tmdbId: 1396,
          tconst: 'tt0903747',
          kind: 'tv',
          posterPath: null,
          watch: { US: { flatrate: [HULU, NETFLIX] } },
        },
        { tmdbId: 5, tconst: 'tt0000005', posterPath: null, watch: {} },
      ],
      {
        apiKey: KEY,
        unknownTitles: ['tt9999999'],
        providers: PROVIDERS,
        anyTitle: true,
        // A made-up title streams on Netflix GB when its id is a multiple of 4, is free on Pluto
        // when it is 1 mod 10, and is only to rent otherwise.
        anyWatch: (id) => ({
          GB: id % 4 === 0 ? { flatrate: [NETFLIX] } : id % 10 === 1 ? { free: [PLUTO] } : { rent: [APPLE] },
        }),
      },
    );
    process.env.REELTASTE_TMDB_API_BASE_URL = tmdb.apiBase;
    process.env.REELTASTE_TMDB_IMAGE_BASE_URL = tmdb.imageBase;
    process.env.REELTASTE_TMDB_KEY = KEY;
    t = testServices('reeltaste-where-');
    t.s.db
      .prepare(
        "INSERT INTO movies (movie_id, title, genres, tconst, tmdb_id) VALUES (1, 'Toy Story', 'Animation', 'tt0114709', 862)",
      )
      .run();
  });
  beforeEach(() => {
    clock = Date.parse('2026-03-01T10:00:00Z');
    tmdb.requests.length = 0;
    t.s.db.exec('DELETE FROM where_titles; DELETE FROM where_provider_lists');
    process.env.REELTASTE_TMDB_KEY = KEY;
    posters = new PosterService(t.s, nodeSecretStore, new TmdbClient({ timeoutMs: 400, maxWaitMs: 5000 }));
    where = new WhereService(t.s, posters, () => clock);
    where.localeRegion = 'GB';
    where.setRegion(null);
  });
  afterAll(async () => {
    delete process.env.REELTASTE_TMDB_API_BASE_URL;
    delete process.env.REELTASTE_TMDB_IMAGE_BASE_URL;
    delete process.env.REELTASTE_TMDB_KEY;
    t?.close();
    await tmdb?.close();
  });

  it('groups a film by kind (free holds free and ads), with the TMDB link, in priority order', async () => {
    const a = await where.availability('tt0114709');
    expect(a).toMatchObject({
      state: 'known',
      region: 'GB',
      stale: false,
      fetchedAt: '2026-03-01T10:00:00.000Z',
    });
    expect(a.link).toBe('https://www.themoviedb.org/movie/862/watch?locale=GB');
    const names = (k: keyof typeof a.byKind) => a.byKind[k].map((p) => p.name);
    expect(names('subscription')).toEqual(['Netflix', 'BBC iPlayer']);
    expect(names('free')).toEqual(['Pluto TV']);
    expect(names('rent')).toEqual(['Apple TV']);
    expect(names('buy')).toEqual(['Apple TV']);
    expect(a.byKind.subscription[0]).toMatchObject({ id: NETFLIX, logoPath: '/logo8.png', priority: 1 });
    // links.csv's tmdbId: no find.
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/3/movie/862/watch/providers']);
  });

  it("finds a series by TMDB's find (tv_results) and asks the tv endpoint", async () => {
    const a = await where.availability('tt0903747', 'US');
    expect(a.byKind.subscription.map((p) => p.name)).toEqual(['Hulu', 'Netflix']);
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/3/find/tt0903747', '/3/tv/1396/watch/providers']);
  });

  it('a region change answers from the same cached row, and the default region comes from the locale', async () => {
    expect(localeRegion('en-GB')).toBe('GB');
    expect(localeRegion('de_AT.UTF-8')).toBe('AT');
    expect(localeRegion('en')).toBe('US');
    expect(where.settings()).toEqual({ region: 'GB', regionFromLocale: true, services: [] });
    await where.availability('tt0114709');
    expect(where.setRegion('us')).toMatchObject({ region: 'US', regionFromLocale: false });
    const us = await where.availability('tt0114709');
    expect(us.byKind.subscription).toEqual([]);
    expect(us.byKind.free.map((p) => p.name)).toEqual(['Pluto TV']);
    expect(us.byKind.buy.map((p) => p.name)).toEqual(['Apple TV']);
    expect(tmdb.requests).toHaveLength(1);
    // A region with no entry is known to have nothing, not unknown.
    const fr = await where.availability('tt0114709', 'FR');
    expect(fr.state).toBe('known');
    expect(Object.values(fr.byKind).flat()).toEqual([]);
    expect(() => where.setRegion('Britain')).toThrow(/two-letter country code/);
  });

  it('keeps an answer a day, then asks again; offline, it shows the cached answer with its date', async () => {
    await where.availability('tt0114709');
    clock += WHERE_TTL_MS - 60_000;
    await where.availability('tt0114709');
    expect(tmdb.requests).toHaveLength(1);
    clock += 120_000;
    await where.availability('tt0114709');
    expect(tmdb.requests).toHaveLength(2);
    // Offline: nothing listens on the API base any more.
    clock += WHERE_TTL_MS + 1;
    process.env.REELTASTE_TMDB_API_BASE_URL = 'http://127.0.0.1:9/3/';
    try {
      const a = await where.availability('tt0114709');
      expect(a).toMatchObject({ state: 'known', stale: true, fetchedAt: '2026-03-02T10:01:00.000Z' });
      expect(a.message).toMatch(/Could not reach TMDB.*Showing what was known on 2026-03-02/);
      expect(a.byKind.subscription.map((p) => p.name)).toEqual(['Netflix', 'BBC iPlayer']);
      // Never seen before and offline: unavailable, not "nowhere".
      const b = await where.availability('tt0000005');
      expect(b).toMatchObject({ state: 'unavailable', fetchedAt: null });
    } finally {
      process.env.REELTASTE_TMDB_API_BASE_URL = tmdb.apiBase;
    }
  });

  it('waits out a 429 for its Retry-After, then answers', async () => {
    tmdb.throttle('/3/movie/862/watch', 2, '1');
    const before = Date.now();
    const a = await where.availability('tt0114709');
    expect(a.state).toBe('known');
    expect(posters.client.rateLimited).toBe(2);
    expect(Date.now() - before).toBeGreaterThanOrEqual(1900);
    expect(tmdb.requests.map((r) => r.path)).toEqual(Array(3).fill('/3/movie/862/watch/providers'));
  });

  it('a 5xx, a slow answer and a malformed one each say so, never an empty list', async () => {
    tmdb.misbehave('/3/movie/862/watch', 1, { status: 503 });
    expect(await where.availability('tt0114709')).toMatchObject({
      state: 'unavailable',
      message: expect.stringMatching(/TMDB answered 503/),
    });
    tmdb.misbehave('/3/movie/862/watch', 1, { malformed: true });
    expect(await where.availability('tt0114709')).toMatchObject({
      state: 'unavailable',
      message: expect.stringMatching(/not JSON|unexpected answer/),
    });
    tmdb.misbehave('/3/movie/862/watch', 1, { delayMs: 1500 });
    const slow = await where.availability('tt0114709');
    expect(slow).toMatchObject({
      state: 'unavailable',
      message: expect.stringMatching(/Could not reach TMDB/),
    });
    expect(slow.byKind.subscription).toEqual([]);
  });

  it('a title TMDB does not know, and no key, are their own states', async () => {
    const unknown = await where.availability('tt9999999');
    expect(unknown).toMatchObject({ state: 'unknown-title', message: 'TMDB does not know this title.' });
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/3/find/tt9999999']);
    // Known to TMDB, streamed nowhere: known, with empty lists (a different state from unknown).
    expect((await where.availability('tt0000005')).state).toBe('known');
    delete process.env.REELTASTE_TMDB_KEY;
    const none = await where.availability('tt0114709');
    expect(none).toMatchObject({ state: 'no-key', message: expect.stringMatching(/Settings → Posters/) });
  });

  // A ranked list 300 deep of made-up titles (find → tmdb id = the tconst's number): every 4th is on
  // Netflix GB, 1 mod 10 is free on Pluto, the rest only to rent.
  const ranked = Array.from({ length: 300 }, (_, i) => ({
    tconst: `tt${String(1000 + i).padStart(7, '0')}`,
    rank: i,
  }));

  it('"on my services" fills 30 titles from the prefetched depth, in rank order', async () => {
    const f = await where.filter(ranked, { services: [NETFLIX], want: 30 });
    expect(f.on).toBe(30);
    expect(f.items.filter((x) => x.where === 'on')).toHaveLength(30);
    expect(f.unknown).toBe(0);
    for (const x of f.items) expect(Number(x.item.tconst.slice(2)) % 4).toBe(0);
    expect(f.items.map((x) => x.item.rank)).toEqual(
      [...f.items.map((x) => x.item.rank)].sort((a, b) => a - b),
    );
    // 30 on Netflix need the first 120 ranks (every 4th), far beyond the top 30.
    expect(f.checked).toBe(120 - 3);
    expect(f.items[0]!.providers).toEqual(['Netflix']);
    // "free" adds Pluto's free titles.
    const withFree = await where.filter(ranked, { services: [NETFLIX], free: true, want: 30 });
    expect(withFree.items.some((x) => x.providers.includes('Pluto TV'))).toBe(true);
    expect(withFree.checked).toBeLessThan(f.checked);
  });

  it('keeps titles of unknown availability in the list, marked unknown, never as available', async () => {
    tmdb.misbehave('/3/find/tt0001004', 1, { status: 500 });
    tmdb.misbehave('/3/find/tt0001008', 1, { status: 502 });
    const f = await where.filter(ranked, { services: [NETFLIX], want: 30 });
    expect(f.on).toBe(30);
    expect(f.unknown).toBe(2);
    const unknown = f.items.filter((x) => x.where === 'unknown');
    expect(unknown.map((x) => x.item.tconst)).toEqual(['tt0001004', 'tt0001008']);
    expect(unknown[0]!.providers).toEqual([]);
    expect(unknown[0]!.message).toMatch(/TMDB answered 500/);
    // No key and nothing cached: every title is unknown, none shown as on a service.
    delete process.env.REELTASTE_TMDB_KEY;
    t.s.db.exec('DELETE FROM where_titles');
    const none = await new WhereService(t.s, posters, () => clock).filter(ranked.slice(0, 50), {
      services: [NETFLIX],
      want: 30,
    });
    expect(none.on).toBe(0);
    expect(none.items.every((x) => x.where === 'unknown')).toBe(true);
    // It stops after 30 unknowns rather than listing the whole depth.
    expect(none.items).toHaveLength(30);
    expect(none.checked).toBe(30);
  });

  it('where and watch-providers on the CLI: providers by kind, the ids, and the attribution', async () => {
    t.s.db.pragma('wal_checkpoint(TRUNCATE)');
    const env = { REELTASTE_TMDB_API_BASE_URL: tmdb.apiBase, REELTASTE_TMDB_KEY: KEY };
    const cli = (...args: string[]) => runCliAsync(['--data-dir', t.dir, ...args], env);
    const json = await cli('--json', 'where', 'tt0114709', '--region', 'GB');
    expect(json.status, json.stderr).toBe(0);
    const a = json.json<Record<string, unknown>>();
    expect(Object.keys(a)).toEqual([
      'tconst',
      'region',
      'fetchedAt',
      'stale',
      'message',
      'state',
      'link',
      'byKind',
      'attribution',
    ]);
    expect(a).toMatchObject({ state: 'known', attribution: ATTRIBUTION });
    const human = await cli('where', 'tt0114709', '--region', 'GB');
    expect(human.stdout).toMatch(/Subscription\s+Netflix \(8\), BBC iPlayer \(38\)/);
    expect(human.stdout).toMatch(/Free or with ads\s+Pluto TV \(300\)/);
    expect(human.stdout).toContain(ATTRIBUTION);
    const providers = (await cli('--json', 'watch-providers', '--region', 'US')).json<{
      providers: { id: number; name: string }[];
      attribution: string;
    }>();
    expect(providers.providers.map((p) => p.name)).toEqual(['Hulu', 'Netflix', 'Apple TV', 'Pluto TV']);
    expect(providers.attribution).toBe(ATTRIBUTION);
    const bad = await cli('--json', 'where', 'Toy Story');
    expect(bad.status).toBe(2);
    expect(bad.json()).toMatchObject({ error: { code: 'INVALID_INPUT' } });
    const noKey = await runCliAsync(['--data-dir', t.dir, '--json', 'where', 'tt0903747'], {
      ...env,
      REELTASTE_TMDB_KEY: '',
    });
    expect(noKey.json()).toMatchObject({ state: 'no-key', byKind: { subscription: [] } });
  });

  it("caches provider logos beside the posters, under the posters' cap", async () => {
    tmdb.requests.length = 0;
    const res = await posters.respond('reeltaste-poster://logo/logo8.png');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer()).equals(tmdb.image('/logo8.png'))).toBe(true);
    expect(tmdb.requests.map((r) => r.path)).toEqual(['/t/p/w92/logo8.png']);
    const again = await posters.respond('reeltaste-poster://logo/logo8.png');
    expect(again.headers.get('x-poster-source')).toBe('cache');
    expect(tmdb.requests).toHaveLength(1);
    expect(await posters.cache.order()).toContain('logo-logo8');
    expect((await posters.cache.stats()).files).toBeGreaterThanOrEqual(1);
    // A logo URL that is not a TMDB file name is refused without a request.
    expect((await posters.respond('reeltaste-poster://logo/..%2Fx')).status).toBe(400);
    delete process.env.REELTASTE_TMDB_KEY;
    expect((await posters.respond('reeltaste-poster://logo/logo38.png')).status).toBe(404);
    expect(tmdb.requests).toHaveLength(1);
  });
});

describe.each(movieLensFixtures())('where to watch for the links of a MovieLens import ($name)', (f) => {
  it("asks a film's watch providers by links.csv's tmdbId, and by find for a film without one", async () => {
    const t = testServices('reeltaste-where-links-');
    let tmdb: FakeTmdb | undefined;
    try {
      await ingestMovieLens(t.s, f.movielens);
      const { linked, unlinked } = linkedAndUnlinked(t.s.db);
      tmdb = await startFakeTmdb(
        [
          {
            tmdbId: linked.tmdb_id!,
            tconst: linked.tconst,
            posterPath: null,
            watch: { GB: { flatrate: [NETFLIX] } },
          },
          { tmdbId: 424_242, tconst: unlinked.tconst, posterPath: null, watch: { GB: { buy: [APPLE] } } },
        ],
        { apiKey: KEY, providers: PROVIDERS },
      );
      process.env.REELTASTE_TMDB_API_BASE_URL = tmdb.apiBase;
      process.env.REELTASTE_TMDB_KEY = KEY;
      const where = new WhereService(t.s, t.s.posters);
      const a = await where.availability(linked.tconst, 'GB');
      expect(a.byKind.subscription.map((p) => p.name)).toEqual(['Netflix']);
      const b = await where.availability(unlinked.tconst, 'GB');
      expect(b.byKind.buy.map((p) => p.name)).toEqual(['Apple TV']);
      expect(tmdb.requests.map((r) => r.path)).toEqual([
        `/3/movie/${linked.tmdb_id}/watch/providers`,
        `/3/find/${unlinked.tconst}`,
        '/3/movie/424242/watch/providers',
      ]);
    } finally {
      delete process.env.REELTASTE_TMDB_API_BASE_URL;
      delete process.env.REELTASTE_TMDB_KEY;
      t.close();
      await tmdb?.close();
    }
  });
});
