// A small TMDB client for posters: the poster path by TMDB id (links.csv) or by IMDb id (`find`),
// then the image bytes. Requests share one gate: at most a few in flight, and a 429 pauses every
// request until its Retry-After has passed (a pause longer than the caller will wait fails fast
// instead of queueing). Base URLs come from the environment so tests answer from 127.0.0.1.
import { httpFetch } from '../net/fetch.ts';

export const DEFAULT_TMDB_API_BASE_URL = 'https://api.themoviedb.org/3/';
export const DEFAULT_TMDB_IMAGE_BASE_URL = 'https://image.tmdb.org/t/p/';
const API_ENV = 'REELTASTE_TMDB_API_BASE_URL';
const IMAGE_ENV = 'REELTASTE_TMDB_IMAGE_BASE_URL';

const withSlash = (url: string) => (url.endsWith('/') ? url : `${url}/`);

export function tmdbBaseUrls(env: NodeJS.ProcessEnv = process.env): { api: string; image: string } {
  return {
    api: withSlash(env[API_ENV] || DEFAULT_TMDB_API_BASE_URL),
    image: withSlash(env[IMAGE_ENV] || DEFAULT_TMDB_IMAGE_BASE_URL),
  };
}

/** Why a poster could not be fetched now: 'auth' (key refused), 'rate' (429), 'network', 'http'. */
export class TmdbError extends Error {
  readonly kind: 'auth' | 'rate' | 'network' | 'http';
  constructor(kind: TmdbError['kind'], message: string) {
    super(message);
    this.name = 'TmdbError';
    this.kind = kind;
  }
}

export interface PosterBytes {
  bytes: Uint8Array;
  mime: string;
  /** TMDB's poster path, e.g. /abc123.jpg. */
  path: string;
}

export interface TmdbOptions {
  /** Read per request, so a base URL set in the environment later still applies. */
  baseUrls?: () => { api: string; image: string };
  /** TMDB image size (w92 ... w780, original). */
  size?: string;
  maxInFlight?: number;
  /** Retries of one request after a 429. */
  maxRetries?: number;
  /** The longest a request waits for a Retry-After before giving up (ms). */
  maxWaitMs?: number;
  timeoutMs?: number;
  now?: () => number;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110); 1 s when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 1000;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isFinite(date) ? Math.max(0, date - now) : 1000;
}

// A poster path is a file name on TMDB's image host; anything else (another host, a path with
// slashes) is refused rather than fetched.
const POSTER_PATH = /^\/[\w-]+\.(jpe?g|png|webp)$/i;

export class TmdbClient {
  private readonly o: Required<TmdbOptions>;
  private pausedUntil = 0;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  /** 429 answers seen (for tests and the status line). */
  rateLimited = 0;

  constructor(options: TmdbOptions = {}) {
    this.o = {
      baseUrls: tmdbBaseUrls,
      size: 'w342',
      maxInFlight: 4,
      maxRetries: 3,
      maxWaitMs: 20_000,
      timeoutMs: 15_000,
      now: Date.now,
      ...options,
    };
  }

  /** The poster of a title: by its TMDB movie id when links.csv has one, else TMDB's find by IMDb id.
   * null when TMDB has no poster for it. */
  async poster(key: string, title: { tconst: string; tmdbId: number | null }): Promise<PosterBytes | null> {
    const path = await this.posterPath(key, title);
    return path ? this.image(path) : null;
  }

  /** An image file on TMDB's image host (a poster, a provider logo), through the gate; null on 404. */
  async image(path: string, size: string = this.o.size): Promise<PosterBytes | null> {
    if (!POSTER_PATH.test(path))
      throw new TmdbError('http', `Not a TMDB image path: ${JSON.stringify(path)}.`);
    const res = await this.request(`${this.o.baseUrls().image}${size}${path}`, {});
    if (res.status === 404) return null;
    if (!res.ok) throw new TmdbError('http', `TMDB's image server answered ${res.status} for ${path}.`);
    const mime = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    if (!mime.startsWith('image/'))
      throw new TmdbError('http', `TMDB's image server sent ${mime || 'no content type'} for ${path}.`);
    return { bytes: new Uint8Array(await res.arrayBuffer()), mime, path };
  }

  async posterPath(key: string, title: { tconst: string; tmdbId: number | null }): Promise<string | null> {
    if (title.tmdbId !== null) {
      const res = await this.api(key, `movie/${title.tmdbId}`, {});
      // A stale id in links.csv: fall back to the IMDb id.
      if (res.status !== 404)
        return checkedPath(((await json(res)) as { poster_path?: unknown }).poster_path);
      await res.body?.cancel();
    }
    const res = await this.api(key, `find/${title.tconst}`, { external_source: 'imdb_id' });
    if (res.status === 404) return null;
    const found = (await json(res)) as Record<string, { poster_path?: unknown }[] | undefined>;
    const first = [...(found.movie_results ?? []), ...(found.tv_results ?? [])].find((r) => r.poster_path);
    return checkedPath(first?.poster_path);
  }

  /** One API GET through the shared gate (where/ asks for watch providers with it). 401 and other
   * failures except 404 throw a TmdbError. */
  async api(key: string, path: string, query: Record<string, string>): Promise<Response> {
    const url = new URL(path, this.o.baseUrls().api);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    // TMDB takes a v3 API key as a parameter, or a v4 read access token (a JWT) as a bearer token.
    const bearer = key.startsWith('eyJ');
    if (!bearer) url.searchParams.set('api_key', key);
    const res = await this.request(url.href, bearer ? { authorization: `Bearer ${key}` } : {});
    if (res.status === 401) {
      await res.body?.cancel();
      throw new TmdbError('auth', 'TMDB refused the API key (401): check it in Settings → Posters.');
    }
    if (!res.ok && res.status !== 404) {
      await res.body?.cancel();
      throw new TmdbError('http', `TMDB answered ${res.status} ${res.statusText} for ${path}.`);
    }
    return res;
  }

  /** One GET through the gate: waits out a 429 pause, limits requests in flight, retries 429s. */
  private async request(url: string, headers: Record<string, string>): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      await this.waitForPause();
      await this.acquire();
      let res: Response;
      try {
        res = await httpFetch(url, { headers, signal: AbortSignal.timeout(this.o.timeoutMs) });
      } catch (err) {
        throw new TmdbError(
          'network',
          `Could not reach TMDB (${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}).`,
        );
      } finally {
        this.release();
      }
      if (res.status !== 429) return res;
      this.rateLimited++;
      await res.body?.cancel();
      const until = this.o.now() + retryAfterMs(res.headers.get('retry-after'), this.o.now());
      this.pausedUntil = Math.max(this.pausedUntil, until);
      if (attempt >= this.o.maxRetries)
        throw new TmdbError(
          'rate',
          'TMDB asked Reeltaste to slow down (429) several times; try again later.',
        );
    }
  }

  private async waitForPause(): Promise<void> {
    const wait = this.pausedUntil - this.o.now();
    if (wait <= 0) return;
    if (wait > this.o.maxWaitMs)
      throw new TmdbError(
        'rate',
        `TMDB asked Reeltaste to wait ${Math.ceil(wait / 1000)} s before the next request (429).`,
      );
    await new Promise((r) => setTimeout(r, wait));
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.o.maxInFlight) {
      this.inFlight++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight--;
  }
}

export async function json(res: Response): Promise<unknown> {
  try {
    return await res.json();
  } catch {
    throw new TmdbError('http', `TMDB sent something that is not JSON (${res.url}).`);
  }
}

function checkedPath(path: unknown): string | null {
  if (path === null || path === undefined) return null;
  if (typeof path !== 'string' || !POSTER_PATH.test(path))
    throw new TmdbError('http', `TMDB sent an unexpected poster path: ${JSON.stringify(path)}.`);
  return path;
}
