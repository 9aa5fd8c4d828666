// TMDB's watch-provider endpoints, asked through the posters' TmdbClient so every request shares
// its gate (in-flight limit, 429 pause with Retry-After). The IMDb id maps to a TMDB id by
// links.csv's tmdbId for films, else TMDB's find (movie_results, then tv_results for a series).
// Answers are checked with zod: a malformed one is a TmdbError('http'), never an empty list.
import { z } from 'zod';
import { json, TmdbError, type TmdbClient } from '../posters/service.ts';
import type { Provider } from './types.ts';

const providerSchema = z.object({
  provider_id: z.number().int(),
  provider_name: z.string(),
  logo_path: z.string().nullable().optional(),
  display_priority: z.number().optional(),
});
const regionSchema = z.object({
  link: z.string().optional(),
  flatrate: z.array(providerSchema).optional(),
  free: z.array(providerSchema).optional(),
  ads: z.array(providerSchema).optional(),
  rent: z.array(providerSchema).optional(),
  buy: z.array(providerSchema).optional(),
});
const titleProvidersSchema = z.object({ results: z.record(z.string(), regionSchema) });
const providerListSchema = z.object({ results: z.array(providerSchema) });
const findSchema = z.object({
  movie_results: z.array(z.object({ id: z.number().int() })).optional(),
  tv_results: z.array(z.object({ id: z.number().int() })).optional(),
});

/** One region's entry of TMDB's answer, as stored (TMDB's field names). */
export type RegionProviders = z.infer<typeof regionSchema>;
type TmdbProvider = z.infer<typeof providerSchema>;

export interface TitleProviders {
  /** null: TMDB does not know the title. */
  media: 'movie' | 'tv' | null;
  tmdbId: number | null;
  results: Record<string, RegionProviders>;
}

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const r = schema.safeParse(body);
  if (!r.success)
    throw new TmdbError(
      'http',
      `TMDB sent an unexpected answer for ${what} (${r.error.issues[0]?.path.join('.') || 'body'}: ${r.error.issues[0]?.message}).`,
    );
  return r.data;
}

export function provider(p: TmdbProvider): Provider {
  return {
    id: p.provider_id,
    name: p.provider_name,
    logoPath: p.logo_path ?? null,
    priority: p.display_priority ?? 999,
  };
}

async function getJson(client: TmdbClient, key: string, path: string, query: Record<string, string> = {}) {
  const res = await client.api(key, path, query);
  if (res.status === 404) {
    await res.body?.cancel();
    return null;
  }
  return json(res);
}

/** Which TMDB entry an IMDb id is: a film by links.csv's id (unless stale), else find. */
async function resolve(
  client: TmdbClient,
  key: string,
  title: { tconst: string; tmdbId: number | null },
): Promise<{ media: 'movie' | 'tv'; id: number; body: unknown } | null> {
  if (title.tmdbId !== null) {
    const body = await getJson(client, key, `movie/${title.tmdbId}/watch/providers`);
    if (body !== null) return { media: 'movie', id: title.tmdbId, body };
  }
  const found = await getJson(client, key, `find/${title.tconst}`, { external_source: 'imdb_id' });
  if (found === null) return null;
  const hits = parsed(findSchema, found, `find/${title.tconst}`);
  const movie = hits.movie_results?.[0];
  const tv = hits.tv_results?.[0];
  const media = movie ? 'movie' : tv ? 'tv' : null;
  if (!media) return null;
  const id = (movie ?? tv)!.id;
  const body = await getJson(client, key, `${media}/${id}/watch/providers`);
  return body === null ? null : { media, id, body };
}

export async function titleProviders(
  client: TmdbClient,
  key: string,
  title: { tconst: string; tmdbId: number | null },
): Promise<TitleProviders> {
  const hit = await resolve(client, key, title);
  if (!hit) return { media: null, tmdbId: null, results: {} };
  const { results } = parsed(titleProvidersSchema, hit.body, `${hit.media}/${hit.id}/watch/providers`);
  return { media: hit.media, tmdbId: hit.id, results };
}

/** Every provider TMDB lists for films or series in a region, merged by id, best-known first. */
export async function regionProviders(client: TmdbClient, key: string, region: string): Promise<Provider[]> {
  const byId = new Map<number, Provider>();
  for (const media of ['movie', 'tv'] as const) {
    const body = await getJson(client, key, `watch/providers/${media}`, { watch_region: region });
    if (body === null) continue;
    for (const p of parsed(providerListSchema, body, `watch/providers/${media}`).results) {
      const had = byId.get(p.provider_id);
      const next = provider(p);
      if (!had || next.priority < had.priority) byId.set(p.provider_id, next);
    }
  }
  return [...byId.values()].sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

/** The regions TMDB has watch-provider data for (ISO 3166-1 codes with English names). */
export async function providerRegions(
  client: TmdbClient,
  key: string,
): Promise<{ code: string; name: string }[]> {
  const body = await getJson(client, key, 'watch/providers/regions');
  const schema = z.object({
    results: z.array(z.object({ iso_3166_1: z.string(), english_name: z.string() })),
  });
  return parsed(schema, body ?? { results: [] }, 'watch/providers/regions')
    .results.map((r) => ({ code: r.iso_3166_1, name: r.english_name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
