// The where-to-watch domain's operations: a title's availability in your region (SQLite cache,
// refreshed at most daily; offline, rate-limited or failing TMDB falls back on the cached answer
// marked with its date), the region's provider list for Settings → My services, your region and
// services, and the "on my services" / "free" filter over a ranked list. Every TMDB request goes
// through the posters' client and key, so the one gate (in-flight limit, 429 pause) covers all.
// Everything is asynchronous I/O: the main process never waits on TMDB.
import type { AppContext } from '../services/context.ts';
import { AppError } from '../errors.ts';
import type { PosterService } from '../posters/service.ts';
import { TmdbError } from '../posters/service.ts';
import {
  readProviderList,
  readRegion,
  readServices,
  readTitle,
  writeProviderList,
  writeRegion,
  writeServices,
  writeTitle,
  type CachedTitle,
} from './store.ts';
import { provider, providerRegions, regionProviders, titleProviders, type RegionProviders } from './tmdb.ts';
import {
  emptyByKind,
  type Availability,
  type Provider,
  type ProviderList,
  type WhereSettings,
} from './types.ts';

/** Availability changes, but not by the hour: a cached answer younger than this is used as is. */
export const WHERE_TTL_MS = 24 * 3600 * 1000;
/** After a network failure, TMDB is not asked again for this long (the cache answers). */
const OFFLINE_BACKOFF_MS = 30_000;
const REGION = /^[A-Z]{2}$/;

/** The region of a locale like en-GB (or en_GB.UTF-8); US when it names none. */
export function localeRegion(locale: string = Intl.DateTimeFormat().resolvedOptions().locale): string {
  const m = /[-_]([A-Za-z]{2})(?:$|[.@-])/.exec(locale);
  return m ? m[1]!.toUpperCase() : 'US';
}

export function checkedRegion(region: string): string {
  const r = region.trim().toUpperCase();
  if (!REGION.test(r))
    throw new AppError(
      'INVALID_INPUT',
      `"${region}" is not a region: give a two-letter country code like GB or US.`,
    );
  return r;
}

export interface FilteredItem<T> {
  item: T;
  /** 'on': on your services (or free, with that filter); 'unknown': availability not known yet. */
  where: 'on' | 'unknown';
  /** The matching providers' names ('on'), or why it is unknown. */
  providers: string[];
  message: string | null;
}

export class WhereService {
  private readonly app: AppContext;
  private readonly posters: PosterService;
  private readonly now: () => number;
  private readonly inflight = new Map<string, Promise<CachedTitle | TmdbError | null>>();
  private offlineUntil = 0;
  /** The system locale's region (the app passes Electron's; tests pass one). */
  localeRegion: string = localeRegion();

  constructor(app: AppContext, posters: PosterService, now: () => number = Date.now) {
    this.app = app;
    this.posters = posters;
    this.now = now;
  }

  settings(): WhereSettings {
    const chosen = readRegion(this.app.db);
    return {
      region: chosen ?? this.localeRegion,
      regionFromLocale: !chosen,
      services: readServices(this.app.db),
    };
  }

  /** null: back to the locale's region. */
  setRegion(region: string | null): WhereSettings {
    writeRegion(this.app.db, region === null ? null : checkedRegion(region));
    return this.settings();
  }

  setServices(ids: number[]): WhereSettings {
    writeServices(this.app.db, ids);
    return this.settings();
  }

  /** Where a title streams in a region (yours by default), grouped by kind. */
  async availability(tconst: string, region?: string): Promise<Availability> {
    const r = region === undefined ? this.settings().region : checkedRegion(region);
    const cached = readTitle(this.app.db, tconst);
    const got = cached && this.fresh(cached.fetchedAt) ? cached : await this.fetchTitle(tconst);
    if (got instanceof TmdbError || got === null) {
      const message =
        got === null ? 'No TMDB key: add one in Settings → Posters to see where titles stream.' : got.message;
      if (cached) return this.shape(tconst, r, cached, true, message);
      return {
        tconst,
        region: r,
        state: got === null ? 'no-key' : 'unavailable',
        link: null,
        byKind: emptyByKind(),
        fetchedAt: null,
        stale: false,
        message,
      };
    }
    return this.shape(tconst, r, got, false, null);
  }

  /** The providers TMDB lists for a region (Settings → My services; `watch-providers`). */
  async providers(region?: string): Promise<ProviderList> {
    const r = region === undefined ? this.settings().region : checkedRegion(region);
    const cached = readProviderList(this.app.db, r);
    if (cached && this.fresh(cached.fetchedAt)) return { region: r, ...cached, stale: false, message: null };
    const { key } = await this.posters.key();
    let message = 'No TMDB key: add one in Settings → Posters to list the services of your region.';
    if (key !== null) {
      try {
        const providers = await regionProviders(this.posters.client, key, r);
        const fetchedAt = new Date(this.now()).toISOString();
        if (!this.app.readOnly) writeProviderList(this.app.db, r, providers, fetchedAt);
        return { region: r, providers, fetchedAt, stale: false, message: null };
      } catch (err) {
        if (!(err instanceof TmdbError)) throw err;
        message = err.message;
      }
    }
    if (cached) return { region: r, ...cached, stale: true, message };
    throw new AppError('UNAVAILABLE', message);
  }

  async regions(): Promise<{ code: string; name: string }[]> {
    const { key } = await this.posters.key();
    if (key === null) throw new AppError('UNAVAILABLE', 'No TMDB key: add one in Settings → Posters.');
    try {
      return await providerRegions(this.posters.client, key);
    } catch (err) {
      if (err instanceof TmdbError) throw new AppError('UNAVAILABLE', err.message);
      throw err;
    }
  }

  /** Names or ids (as `where` and `watch-providers` print them) → provider ids of the region. */
  async resolveServices(names: string[], region?: string): Promise<Provider[]> {
    const list = (await this.providers(region)).providers;
    return names.map((n) => {
      const q = n.trim().toLowerCase();
      const hit =
        list.find((p) => String(p.id) === q) ??
        list.find((p) => p.name.toLowerCase() === q) ??
        list.find((p) => p.name.toLowerCase().startsWith(q));
      if (!hit)
        throw new AppError(
          'INVALID_INPUT',
          `No service "${n}" in TMDB's list for ${list.length ? 'this region' : 'this region (it is empty)'}: see reeltaste watch-providers --region R.`,
        );
      return hit;
    });
  }

  /**
   * Walks a ranked list (best first, a few hundred deep) and keeps the titles you can watch on
   * `services` (subscription or free) or, with `free`, anywhere free, until `want` are found. Their
   * availability is prefetched in parallel batches through the shared gate. A title whose
   * availability is unknown (no key, TMDB failing, TMDB not knowing it) stays in the list marked
   * 'unknown': never dropped, never shown as available.
   */
  async filter<T extends { tconst: string }>(
    ranked: T[],
    opts: { services: number[]; free?: boolean; want: number; region?: string; batch?: number },
  ): Promise<{ items: FilteredItem<T>[]; checked: number; on: number; unknown: number }> {
    const ids = new Set(opts.services);
    const batch = opts.batch ?? 24;
    const items: FilteredItem<T>[] = [];
    let on = 0;
    let unknown = 0;
    let checked = 0;
    // Also stops after `want` unknowns (no key, TMDB down): a list of unknowns, not the whole depth.
    for (let i = 0; i < ranked.length && on < opts.want && unknown < opts.want; i += batch) {
      const slice = ranked.slice(i, i + batch);
      const got = await Promise.all(slice.map((x) => this.availability(x.tconst, opts.region)));
      for (let j = 0; j < slice.length && on < opts.want && unknown < opts.want; j++) {
        checked++;
        const a = got[j]!;
        if (a.state !== 'known') {
          unknown++;
          items.push({ item: slice[j]!, where: 'unknown', providers: [], message: a.message });
          continue;
        }
        const match = [
          ...[...a.byKind.subscription, ...a.byKind.free].filter((p) => ids.has(p.id)),
          ...(opts.free ? a.byKind.free : []),
        ];
        if (!match.length) continue;
        on++;
        items.push({
          item: slice[j]!,
          where: 'on',
          providers: [...new Set(match.map((p) => p.name))],
          message: a.stale ? a.message : null,
        });
      }
    }
    return { items, checked, on, unknown };
  }

  private fresh(fetchedAt: string): boolean {
    return this.now() - Date.parse(fetchedAt) < WHERE_TTL_MS;
  }

  /** Asks TMDB (once per title at a time): the answer, stored; the failure; or null without a key. */
  private fetchTitle(tconst: string): Promise<CachedTitle | TmdbError | null> {
    let p = this.inflight.get(tconst);
    if (!p) {
      p = this.ask(tconst).finally(() => this.inflight.delete(tconst));
      this.inflight.set(tconst, p);
    }
    return p;
  }

  private async ask(tconst: string): Promise<CachedTitle | TmdbError | null> {
    const { key } = await this.posters.key();
    if (key === null) return null;
    if (this.now() < this.offlineUntil)
      return new TmdbError('network', 'Offline: TMDB could not be reached a moment ago.');
    const tmdbId =
      this.app.db
        .prepare<[string], number | null>(
          'SELECT tmdb_id FROM movies WHERE tconst = ? AND tmdb_id IS NOT NULL LIMIT 1',
        )
        .pluck()
        .get(tconst) ?? null;
    try {
      const t = await titleProviders(this.posters.client, key, { tconst, tmdbId });
      const fetchedAt = new Date(this.now()).toISOString();
      if (!this.app.readOnly) writeTitle(this.app.db, tconst, t, fetchedAt);
      return { ...t, fetchedAt };
    } catch (err) {
      if (!(err instanceof TmdbError)) throw err;
      if (err.kind === 'network') this.offlineUntil = this.now() + OFFLINE_BACKOFF_MS;
      return err;
    }
  }

  private shape(
    tconst: string,
    region: string,
    t: CachedTitle,
    stale: boolean,
    message: string | null,
  ): Availability {
    const base = {
      tconst,
      region,
      fetchedAt: t.fetchedAt,
      stale,
      message: stale ? `${message} Showing what was known on ${t.fetchedAt.slice(0, 10)}.` : null,
    };
    if (t.media === null)
      return {
        ...base,
        state: 'unknown-title',
        link: null,
        byKind: emptyByKind(),
        message: base.message ?? 'TMDB does not know this title.',
      };
    const r: RegionProviders = t.results[region] ?? {};
    const sorted = (list: RegionProviders['flatrate']) =>
      (list ?? []).map(provider).sort((a, b) => a.priority - b.priority);
    const free = [
      ...sorted(r.free),
      ...sorted(r.ads).filter((p) => !(r.free ?? []).some((f) => f.provider_id === p.id)),
    ];
    return {
      ...base,
      state: 'known',
      // Opened in the browser (https only: the window refuses anything else).
      link: r.link?.startsWith('https://') ? r.link : null,
      byKind: { subscription: sorted(r.flatrate), free, rent: sorted(r.rent), buy: sorted(r.buy) },
    };
  }
}
