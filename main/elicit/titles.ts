// Finds the title to rate: the search domain's index over every title in the catalogue, and your
// own rated titles that no catalogue holds (series and films from your exports), matched with the
// same normalisation and ranked by the same match tiers.
import type { Database } from 'better-sqlite3';
import type { ModelParams, PosteriorSource } from '../model/types.ts';
import { sourceOf } from '../model/service.ts';
import { parseGenres } from '../catalogue/genres.ts';
import { movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { ratingOf } from '../profile/service.ts';
import { nameForms } from '../catalogue/normalise.ts';
import { parseQuery, tierOf, type SearchService } from '../search/service.ts';
import type { RateMatch, RatePrior, TitleCard } from './types.ts';

interface Row {
  tconst: string;
  title: string;
  original: string | null;
  year: number | null;
  type: string;
  genres: string | null;
}

export async function findTitles(
  db: Database,
  search: SearchService,
  params: ModelParams | null,
  query: string,
  options: { year?: number; limit?: number } = {},
  prior: (tconst: string) => RatePrior = () => 'your-ratings',
): Promise<RateMatch[]> {
  const q = parseQuery(query);
  if (!q) return [];
  const limit = options.limit ?? 10;
  const hits = await search.search(query, { year: options.year, limit });
  const rated = db.prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?').pluck();
  const tier = (title: string, original: string | null) =>
    tierOf(q, [...nameForms(title).spaced, ...(original ? nameForms(original).spaced : [])]);
  const found = hits.map((h, i) => ({
    match: { ...h, yourRating: rated.get(h.tconst) ?? null, prior: prior(h.tconst) } satisfies RateMatch,
    tier: tier(h.title, h.originalTitle),
    order: i,
  }));
  const known = new Set(hits.map((h) => h.tconst));
  const own = db
    .prepare<[{ year: number | null }], Row & { rating: number }>(
      `SELECT tconst, title, original_title AS original, year, title_type AS type, genres, rating FROM profile_ratings
       WHERE @year IS NULL OR year = @year`,
    )
    .all({ year: options.year ?? null })
    .filter((r) => !known.has(r.tconst))
    .map((r) => ({ r, tier: tier(r.title, r.original) }))
    .filter((x) => x.tier < 4);
  const ids = movieIdsByTconst(
    db,
    own.map((x) => x.r.tconst),
  );
  for (const { r, tier: t } of own)
    found.push({
      match: {
        tconst: r.tconst,
        title: r.title,
        originalTitle: r.original && r.original !== r.title ? r.original : null,
        year: r.year,
        type: r.type,
        imdbRating: null,
        imdbVotes: null,
        inModel: resolveItem(params, ids.get(r.tconst)).item >= 0,
        yourRating: r.rating,
        prior: prior(r.tconst),
      },
      tier: t,
      // Your own titles lead their tier: you are rating something you watched.
      order: -1,
    });
  return found
    .sort((a, b) => a.tier - b.tier || a.order - b.order)
    .slice(0, limit)
    .map((x) => x.match);
}

/** A title row (from the profile or a catalogue) as one side of a question. */
export function cardOf<R extends number | null>(
  r: Pick<TitleCard, 'tconst' | 'title' | 'year' | 'type'> & { genres: string | null },
  yourRating: R,
  source: PosteriorSource | null,
  maybeSeen = false,
): TitleCard & { yourRating: R } {
  const { tconst, title, year, type, genres } = r;
  const inModel = source === 'ratings';
  return { tconst, title, year, type, genres: parseGenres(genres), yourRating, maybeSeen, inModel, source };
}

/** A title as a card (for the rate flow's target), or null when nothing knows it. */
export function titleCard(
  db: Database,
  params: ModelParams | null,
  tconst: string,
): (TitleCard & { item: number }) | null {
  const r =
    db
      .prepare<[string], Row>(
        'SELECT tconst, title, original_title AS original, year, title_type AS type, genres FROM profile_ratings WHERE tconst = ?',
      )
      .get(tconst) ??
    db
      .prepare<[string], Row>(
        `SELECT tconst, primary_title AS title, original_title AS original, start_year AS year, title_type AS type, genres FROM imdb_titles WHERE tconst = ?`,
      )
      .get(tconst) ??
    db
      .prepare<[string], Row>(
        "SELECT tconst, title, NULL AS original, year, 'movie' AS type, genres FROM movies WHERE tconst = ? LIMIT 1",
      )
      .get(tconst);
  if (!r) return null;
  const item = resolveItem(params, movieIdsByTconst(db, [tconst]).get(tconst)).item;
  return { ...cardOf(r, ratingOf(db, tconst) ?? null, item >= 0 ? sourceOf(params!, item) : null), item };
}
