// The posters domain's operations: the TMDB key (stored encrypted through a SecretStore, or read
// from REELTASTE_TMDB_KEY), and a poster for a title: from the disk cache, else fetched from TMDB in
// the background of the request (the page shows its generated poster until, or instead of, it).
// respond() is the whole reeltaste-poster:// protocol handler as plain Node: the app's Electron
// glue and the e2e harness both call it.
import { join } from 'node:path';
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import { PosterCache } from './cache.ts';
import { logoCacheKey, logoFromPosterUrl, tconstFromPosterUrl } from './protocol.ts';
import { TMDB_KEY_ENV, type SecretStore } from './secret-store.ts';
import { cacheCapBytes, deleteKeyRecord, readKeyRecord, setCacheCapMb, writeKeyRecord } from './store.ts';
import { TmdbClient, TmdbError } from './tmdb.ts';
import type { PosterStatus, TmdbKeySource } from './types.ts';

export type PosterResult =
  | { kind: 'image'; bytes: Uint8Array; mime: string; from: 'cache' | 'tmdb' }
  | { kind: 'none'; reason: 'no-key' | 'missing' | 'unavailable' | 'unknown-title'; message?: string };

/** After a network failure, requests answer "unavailable" at once for this long (offline). */
const OFFLINE_BACKOFF_MS = 30_000;

export class PosterService {
  private readonly app: AppContext;
  private readonly secrets: SecretStore;
  /** Shared with where/: one gate (in-flight limit, 429 pause) for every TMDB request. */
  readonly client: TmdbClient;
  readonly cache: PosterCache;
  private readonly inflight = new Map<string, Promise<PosterResult>>();
  private decrypted: { ciphertext: string; key: string | null } | undefined;
  private lastError: PosterStatus['lastError'] = null;
  private offlineUntil = 0;
  /** A key TMDB refused: not tried again until it changes. */
  private refusedKey: string | null = null;

  constructor(app: AppContext, secrets: SecretStore, client?: TmdbClient) {
    this.app = app;
    this.secrets = secrets;
    this.client = client ?? new TmdbClient();
    this.cache = new PosterCache(join(app.dataDir, 'posters'), () => cacheCapBytes(app.db));
  }

  async status(): Promise<PosterStatus> {
    const { key, source } = await this.key();
    const canStore = await this.secrets.isAvailable();
    return {
      hasKey: key !== null,
      keySource: source,
      canStore,
      storeReason: canStore ? null : this.secrets.unavailableReason(),
      cache: await this.cache.stats(),
      lastError: this.lastError,
    };
  }

  /** Encrypts and saves the key; refuses (UNAVAILABLE) where it could only be kept in plain text. */
  async setKey(key: string): Promise<PosterStatus> {
    const trimmed = key.trim();
    if (!/^[\w.-]{16,1024}$/.test(trimmed))
      throw new AppError(
        'INVALID_INPUT',
        'That does not look like a TMDB key: paste the API key (32 characters) or the API read access token from themoviedb.org → Settings → API.',
      );
    if (!(await this.secrets.isAvailable()))
      throw new AppError('UNAVAILABLE', this.secrets.unavailableReason());
    writeKeyRecord(this.app.db, this.secrets.scheme, await this.secrets.encrypt(trimmed));
    this.keyChanged();
    return this.status();
  }

  async clearKey(): Promise<PosterStatus> {
    deleteKeyRecord(this.app.db);
    this.keyChanged();
    return this.status();
  }

  async clearCache(): Promise<PosterStatus> {
    await this.cache.clear();
    return this.status();
  }

  async setCacheCap(mb: number): Promise<PosterStatus> {
    setCacheCapMb(this.app.db, mb);
    await this.cache.evict();
    return this.status();
  }

  /** The poster of a title (tconst): cached, fetched from TMDB, or why there is none. */
  poster(tconst: string): Promise<PosterResult> {
    let p = this.inflight.get(tconst);
    if (!p) {
      p = this.lookup(tconst).finally(() => this.inflight.delete(tconst));
      this.inflight.set(tconst, p);
    }
    return p;
  }

  /** The reeltaste-poster:// handler: the image, or an empty error status the page falls back on. */
  async respond(url: string): Promise<Response> {
    const tconst = tconstFromPosterUrl(url);
    const logo = tconst ? null : logoFromPosterUrl(url);
    if (!tconst && !logo)
      return new Response(null, { status: 400, headers: { 'cache-control': 'no-store' } });
    const r = tconst ? await this.poster(tconst) : await this.logo(logo!);
    if (r.kind === 'image') {
      return new Response(r.bytes as Uint8Array<ArrayBuffer>, {
        status: 200,
        headers: { 'content-type': r.mime, 'cache-control': 'max-age=86400', 'x-poster-source': r.from },
      });
    }
    const status = r.reason === 'unavailable' ? 503 : 404;
    return new Response(null, {
      status,
      headers: { 'cache-control': 'no-store', 'x-poster-none': r.reason },
    });
  }

  /** A streaming provider's logo (where to watch): cached beside the posters, under their cap. */
  logo(path: string): Promise<PosterResult> {
    const cacheKey = logoCacheKey(path);
    let p = this.inflight.get(cacheKey);
    if (!p) {
      p = this.fetchLogo(path, cacheKey).finally(() => this.inflight.delete(cacheKey));
      this.inflight.set(cacheKey, p);
    }
    return p;
  }

  private async fetchLogo(path: string, cacheKey: string): Promise<PosterResult> {
    const cached = await this.cache.get(cacheKey);
    if (cached.kind === 'image') return { ...cached, from: 'cache' };
    if (cached.kind === 'missing') return { kind: 'none', reason: 'missing' };
    // Only once you have given TMDB a key (the image host itself needs none).
    if ((await this.key()).key === null) return { kind: 'none', reason: 'no-key' };
    if (Date.now() < this.offlineUntil) return { kind: 'none', reason: 'unavailable' };
    try {
      const got = await this.client.image(path, 'w92');
      if (!got) {
        await this.cache.putMissing(cacheKey);
        return { kind: 'none', reason: 'missing' };
      }
      await this.cache.putImage(cacheKey, got.bytes, got.mime);
      return { kind: 'image', bytes: got.bytes, mime: got.mime, from: 'tmdb' };
    } catch (err) {
      if (!(err instanceof TmdbError)) throw err;
      if (err.kind === 'network') this.offlineUntil = Date.now() + OFFLINE_BACKOFF_MS;
      return { kind: 'none', reason: 'unavailable', message: err.message };
    }
  }

  private async lookup(tconst: string): Promise<PosterResult> {
    const cached = await this.cache.get(tconst);
    if (cached.kind === 'image') return { ...cached, from: 'cache' };
    if (cached.kind === 'missing') return { kind: 'none', reason: 'missing' };
    const { key } = await this.key();
    if (key === null) return { kind: 'none', reason: 'no-key' };
    if (key === this.refusedKey || Date.now() < this.offlineUntil)
      return { kind: 'none', reason: 'unavailable', message: this.lastError?.message };
    const tmdbId =
      this.app.db
        .prepare<[string], number | null>('SELECT tmdb_id FROM movies WHERE tconst = ? LIMIT 1')
        .pluck()
        .get(tconst) ?? null;
    try {
      const got = await this.client.poster(key, { tconst, tmdbId });
      this.lastError = null;
      if (!got) {
        await this.cache.putMissing(tconst);
        return { kind: 'none', reason: 'missing' };
      }
      await this.cache.putImage(tconst, got.bytes, got.mime);
      return { kind: 'image', bytes: got.bytes, mime: got.mime, from: 'tmdb' };
    } catch (err) {
      if (!(err instanceof TmdbError)) throw err;
      this.lastError = { message: err.message, at: new Date().toISOString() };
      if (err.kind === 'network') this.offlineUntil = Date.now() + OFFLINE_BACKOFF_MS;
      if (err.kind === 'auth') this.refusedKey = key;
      return { kind: 'none', reason: 'unavailable', message: err.message };
    }
  }

  /** The key in use: REELTASTE_TMDB_KEY first (read-only), else the stored one, decrypted once. */
  async key(): Promise<{ key: string | null; source: TmdbKeySource | null }> {
    const env = process.env[TMDB_KEY_ENV]?.trim();
    if (env) return { key: env, source: 'env' };
    const record = readKeyRecord(this.app.db);
    if (!record) return { key: null, source: null };
    if (this.decrypted?.ciphertext !== record.ciphertext) {
      let key: string | null = null;
      const readable = record.scheme === this.secrets.scheme && (await this.secrets.isAvailable());
      try {
        if (readable) key = await this.secrets.decrypt(Buffer.from(record.ciphertext, 'base64'));
      } catch {
        key = null;
      }
      if (key === null) {
        const message = readable
          ? 'The saved TMDB key cannot be decrypted (it was saved by another user account or machine): enter it again in Settings → Posters.'
          : `The TMDB key the app saved is encrypted with the system keychain (${record.scheme}), which is not available here: set ${TMDB_KEY_ENV} to use a key outside the app.`;
        this.lastError = { message, at: new Date().toISOString() };
      }
      this.decrypted = { ciphertext: record.ciphertext, key };
    }
    return { key: this.decrypted.key, source: this.decrypted.key === null ? null : 'stored' };
  }

  private keyChanged(): void {
    this.decrypted = undefined;
    this.refusedKey = null;
    this.offlineUntil = 0;
    this.lastError = null;
  }
}

// What other domains use of this one besides PosterService (the face: domains import only a
// domain's service.ts, types.ts, install.ts, handlers.ts and predictor.ts; the lint enforces it).
export { json, TmdbError, type TmdbClient } from './tmdb.ts';
