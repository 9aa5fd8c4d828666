// The where-to-watch domain's shapes that cross IPC and the CLI: a title's availability in one
// region, grouped by kind, and the state that says why it might be unknown. The data is JustWatch's,
// served by TMDB, and is always shown with ATTRIBUTION.

/** TMDB's groups, as the app shows them: "free" holds TMDB's free and ads (free with ads). */
export type ProviderKind = 'subscription' | 'free' | 'rent' | 'buy';
export const PROVIDER_KINDS: readonly ProviderKind[] = ['subscription', 'free', 'rent', 'buy'];

export interface Provider {
  id: number;
  name: string;
  /** TMDB's logo file (e.g. /abc.jpg) on its image host; null when it has none. */
  logoPath: string | null;
  /** TMDB's display_priority: lower first. */
  priority: number;
}

/** Why availability is or is not known right now. */
export type WhereState =
  /** Fresh or cached answer: `byKind` is what TMDB/JustWatch list (empty lists mean "nowhere"). */
  | 'known'
  /** TMDB has no such title (neither a film nor a series for this IMDb id). */
  | 'unknown-title'
  /** No TMDB key: nothing can be asked. */
  | 'no-key'
  /** TMDB could not be asked or answered badly (offline, 429, 5xx, slow, malformed), and nothing is cached. */
  | 'unavailable';

export interface Availability {
  tconst: string;
  region: string;
  state: WhereState;
  /** TMDB's page for the title in this region (it links on to each provider). */
  link: string | null;
  byKind: Record<ProviderKind, Provider[]>;
  /** When the data shown was fetched (ISO); null when there is none. */
  fetchedAt: string | null;
  /** The data shown is older than a day because TMDB could not be asked now (offline fallback). */
  stale: boolean;
  /** What went wrong, for states other than 'known' and for stale data. */
  message: string | null;
}

export interface ProviderList {
  region: string;
  providers: Provider[];
  fetchedAt: string | null;
  stale: boolean;
  message: string | null;
}

export interface WhereSettings {
  /** ISO 3166-1 region, e.g. GB; defaults from the system locale. */
  region: string;
  /** Whether region is the locale's default (nothing chosen in Settings). */
  regionFromLocale: boolean;
  /** TMDB provider ids of the services you pay for. */
  services: number[];
}

/** TMDB's terms: the watch-provider data comes from JustWatch and must say so wherever it shows. */
export const ATTRIBUTION = 'Where-to-watch data from JustWatch, via TMDB.';

export const emptyByKind = (): Record<ProviderKind, Provider[]> => ({
  subscription: [],
  free: [],
  rent: [],
  buy: [],
});

/** One title of a filtered list: 'on' your services (or free), or 'unknown' (never dropped). */
export interface WhereMark {
  tconst: string;
  where: 'on' | 'unknown';
  /** The matching providers' names ('on'). */
  providers: string[];
  message: string | null;
}

export interface WhereFilterResult {
  items: WhereMark[];
  /** Titles looked at, those on your services, and those of unknown availability. */
  checked: number;
  on: number;
  unknown: number;
}
