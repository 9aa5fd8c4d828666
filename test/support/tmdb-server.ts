// A local stand-in for TMDB on 127.0.0.1 (never the real host), answering in TMDB's JSON shapes:
// GET /3/movie/{id} (poster_path), GET /3/find/{imdb_id}?external_source=imdb_id (movie_results,
// tv_results...), and the image bytes under /t/p/{size}/{file}. A v3 key (api_key=) or a v4 token
// (Authorization: Bearer) is checked; chosen paths answer 429 with a Retry-After a few times first.
// Watch providers (JustWatch's data on TMDB): GET /3/movie|tv/{id}/watch/providers (results by
// region: link, flatrate, free, ads, rent, buy), /3/watch/providers/movie|tv?watch_region=R and
// /3/watch/providers/regions; chosen paths can also fail (5xx), answer slowly, or send malformed JSON.
// Images are real PNGs (drawn here), so a browser renders what it is sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { crc32, deflateSync } from 'node:zlib';
import type { Database } from 'better-sqlite3';

export interface FakeTitle {
  /** TMDB movie id (links.csv's tmdbId), if TMDB knows the title as a movie. */
  tmdbId?: number;
  /** For `find`: the IMDb id, and whether TMDB files it as a movie or a TV series. */
  tconst?: string;
  kind?: 'movie' | 'tv';
  /** null: TMDB has the title but no poster. */
  posterPath: string | null;
  /** The PNG's colour. */
  rgb?: [number, number, number];
  /** Watch providers by region, in TMDB's shape (provider ids refer to FakeTmdbOptions.providers). */
  watch?: Record<string, FakeRegionWatch>;
}

export interface FakeRegionWatch {
  link?: string;
  flatrate?: number[];
  free?: number[];
  ads?: number[];
  rent?: number[];
  buy?: number[];
}

export interface FakeProvider {
  id: number;
  name: string;
  logoPath?: string;
  /** Regions it serves, with its display priority there. */
  regions: Record<string, number>;
  media?: ('movie' | 'tv')[];
}

/** How a misbehaving path answers: a status (5xx), after a delay, or a body that is not TMDB's. */
export type Misbehaviour = { status: number } | { delayMs: number } | { malformed: true };

export interface TmdbRequest {
  path: string;
  apiKey: string | null;
  bearer: string | null;
  at: number;
}

export interface FakeTmdb {
  apiBase: string;
  imageBase: string;
  requests: TmdbRequest[];
  /** The next `times` requests whose path starts with `prefix` answer 429 with this Retry-After. */
  throttle(prefix: string, times: number, retryAfter: string | null): void;
  /** The next `times` requests whose path starts with `prefix` misbehave this way. */
  misbehave(prefix: string, times: number, how: Misbehaviour): void;
  /** The PNG served for a poster path. */
  image(path: string): Buffer;
  close(): Promise<void>;
}

/** A w×h PNG filled with one colour and a darker band (so it is visibly a picture). */
export function pngImage(w: number, h: number, [r, g, b]: [number, number, number]): Buffer {
  const row = Buffer.alloc(1 + w * 3);
  const rows: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const band = y > h * 0.62 && y < h * 0.8;
    for (let x = 0; x < w; x++) {
      row[1 + x * 3] = band ? r >> 1 : r;
      row[2 + x * 3] = band ? g >> 1 : g;
      row[3 + x * 3] = band ? b >> 1 : b;
    }
    rows.push(Buffer.from(row));
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'ascii');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A stable, fairly saturated colour per name. */
function colourOf(name: string): [number, number, number] {
  let h = 7;
  for (const c of name) h = (h * 33 + c.charCodeAt(0)) >>> 0;
  return [60 + (h % 180), 60 + ((h >> 8) % 180), 60 + ((h >> 16) % 180)];
}

export async function startFakeTmdb(
  titles: FakeTitle[],
  /** anyTitle: every movie id and IMDb id not listed has a poster too (a colour from its id). */
  opts: {
    apiKey?: string;
    bearer?: string;
    anyTitle?: boolean;
    /** IMDb ids TMDB does not know, even with anyTitle. */
    unknownTitles?: string[];
    providers?: FakeProvider[];
    /** A title `anyTitle` makes up gets these providers (by its TMDB id; none: not streamed). */
    anyWatch?: (id: number) => Record<string, FakeRegionWatch> | undefined;
  } = {},
): Promise<FakeTmdb> {
  const requests: TmdbRequest[] = [];
  const throttles: { prefix: string; times: number; retryAfter: string | null }[] = [];
  const misbehaving: { prefix: string; times: number; how: Misbehaviour }[] = [];
  const providers = opts.providers ?? [];
  const providerJson = (id: number, region: string) => {
    const p = providers.find((x) => x.id === id)!;
    return {
      logo_path: p.logoPath ?? `/logo${p.id}.png`,
      provider_id: p.id,
      provider_name: p.name,
      display_priority: p.regions[region] ?? 50,
    };
  };
  const watchJson = (id: number, watch: Record<string, FakeRegionWatch> | undefined) => ({
    id,
    results: Object.fromEntries(
      Object.entries(watch ?? {}).map(([region, w]) => [
        region,
        {
          link: w.link ?? `https://www.themoviedb.org/movie/${id}/watch?locale=${region}`,
          ...Object.fromEntries(
            (['flatrate', 'free', 'ads', 'rent', 'buy'] as const)
              .filter((k) => w[k])
              .map((k) => [k, w[k]!.map((p) => providerJson(p, region))]),
          ),
        },
      ]),
    ),
  });
  const images = new Map<string, Buffer>();
  for (const t of titles)
    if (t.posterPath) images.set(t.posterPath, pngImage(92, 138, t.rgb ?? [200, 120, 40]));

  const handle = (req: IncomingMessage, res: ServerResponse, late = false): unknown => {
    const url = new URL(req.url ?? '/', 'http://x');
    const auth = req.headers.authorization ?? '';
    if (res.destroyed) return;
    const entry: TmdbRequest = {
      path: url.pathname,
      apiKey: url.searchParams.get('api_key'),
      bearer: auth.startsWith('Bearer ') ? auth.slice(7) : null,
      at: Date.now(),
    };
    if (!late) requests.push(entry);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers })
        .end(JSON.stringify(body));
    const throttle = throttles.find((t) => t.times > 0 && url.pathname.startsWith(t.prefix));
    if (throttle) {
      throttle.times--;
      return send(
        429,
        { status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).' },
        throttle.retryAfter === null ? {} : { 'retry-after': throttle.retryAfter },
      );
    }
    const bad = late ? undefined : misbehaving.find((t) => t.times > 0 && url.pathname.startsWith(t.prefix));
    if (bad) {
      bad.times--;
      if ('status' in bad.how)
        return send(bad.how.status, { status_code: 11, status_message: 'Internal error.' });
      if ('malformed' in bad.how)
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"results": {"GB": {"flatrate": "nope"');
      const delay = bad.how.delayMs;
      return void setTimeout(() => handle(req, res, true), delay);
    }
    const image = /^\/t\/p\/\w+(\/.+)$/.exec(url.pathname);
    // Provider logos (/logoN.png) exist whenever providers are listed.
    if (image && providers.length && !images.has(image[1]!) && /^\/logo\d+\.png$/.test(image[1]!))
      images.set(image[1]!, pngImage(46, 46, colourOf(image[1]!)));
    if (image && opts.anyTitle && !images.has(image[1]!) && /^\/any-\w+\.png$/.test(image[1]!))
      images.set(image[1]!, pngImage(92, 138, colourOf(image[1]!)));
    if (image) {
      const png = images.get(image[1]!);
      if (!png) return send(404, { status_code: 34, status_message: 'Not found.' });
      return res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
    }
    const keyOk =
      (opts.apiKey !== undefined && entry.apiKey === opts.apiKey) ||
      (opts.bearer !== undefined && entry.bearer === opts.bearer);
    if (!keyOk)
      return send(401, {
        status_code: 7,
        status_message: 'Invalid API key: You must be granted a valid key.',
        success: false,
      });
    const watch = /^\/3\/(movie|tv)\/(\d+)\/watch\/providers$/.exec(url.pathname);
    if (watch) {
      const id = Number(watch[2]);
      const t = titles.find((x) => x.tmdbId === id && (x.kind ?? 'movie') === watch[1]);
      if (!t && !(opts.anyTitle && watch[1] === 'movie'))
        return send(404, {
          status_code: 34,
          status_message: 'The resource you requested could not be found.',
        });
      return send(200, watchJson(id, t ? t.watch : opts.anyWatch?.(id)));
    }
    const list = /^\/3\/watch\/providers\/(movie|tv)$/.exec(url.pathname);
    if (list) {
      const region = url.searchParams.get('watch_region') ?? 'US';
      return send(200, {
        results: providers
          .filter((p) => region in p.regions && (p.media ?? ['movie', 'tv']).includes(list[1] as 'movie'))
          .map((p) => ({ ...providerJson(p.id, region), display_priorities: p.regions })),
      });
    }
    if (url.pathname === '/3/watch/providers/regions') {
      const codes = [...new Set(providers.flatMap((p) => Object.keys(p.regions)))].sort();
      return send(200, {
        results: codes.map((c) => ({ iso_3166_1: c, english_name: `Region ${c}`, native_name: c })),
      });
    }
    const movie = /^\/3\/movie\/(\d+)$/.exec(url.pathname);
    if (movie) {
      const t =
        titles.find((x) => x.tmdbId === Number(movie[1])) ??
        (opts.anyTitle ? { tmdbId: Number(movie[1]), posterPath: `/any-m${movie[1]}.png` } : undefined);
      if (!t)
        return send(404, {
          status_code: 34,
          status_message: 'The resource you requested could not be found.',
        });
      return send(200, {
        id: t.tmdbId,
        imdb_id: t.tconst ?? null,
        title: 'A film',
        poster_path: t.posterPath,
      });
    }
    const find = /^\/3\/find\/(tt\d+)$/.exec(url.pathname);
    if (find && url.searchParams.get('external_source') === 'imdb_id') {
      const listed = titles.filter((x) => x.tconst === find[1]);
      const hits =
        listed.length || !opts.anyTitle || opts.unknownTitles?.includes(find[1]!)
          ? listed
          : [{ tconst: find[1], tmdbId: Number(find[1]!.slice(2)), posterPath: `/any-${find[1]}.png` }];
      const shape = (t: FakeTitle) => ({ id: t.tmdbId ?? 1, poster_path: t.posterPath, media_type: t.kind });
      return send(200, {
        movie_results: hits.filter((t) => t.kind !== 'tv').map(shape),
        person_results: [],
        tv_results: hits.filter((t) => t.kind === 'tv').map(shape),
        tv_episode_results: [],
        tv_season_results: [],
      });
    }
    send(404, { status_code: 34, status_message: 'The resource you requested could not be found.' });
  };
  const server: Server = createServer((req, res) => handle(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    apiBase: `http://127.0.0.1:${port}/3/`,
    imageBase: `http://127.0.0.1:${port}/t/p/`,
    requests,
    throttle: (prefix, times, retryAfter) => throttles.push({ prefix, times, retryAfter }),
    misbehave: (prefix, times, how) => misbehaving.push({ prefix, times, how }),
    image: (path) => images.get(path)!,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * The first imported film that links.csv gives a tmdbId and the first it gives none (so it is found
 * by its IMDb id): what the poster and where-to-watch tests ask TMDB about (ml-latest-small: Toy
 * Story, and movie 791).
 */
export function linkedAndUnlinked(
  db: Database,
): Record<'linked' | 'unlinked', { tconst: string; tmdb_id: number | null }> {
  const first = (where: string) =>
    db
      .prepare<[], { tconst: string; tmdb_id: number | null }>(
        `SELECT tconst, tmdb_id FROM movies WHERE ${where} ORDER BY movie_id LIMIT 1`,
      )
      .get()!;
  return { linked: first('tmdb_id IS NOT NULL'), unlinked: first('tmdb_id IS NULL AND tconst IS NOT NULL') };
}
