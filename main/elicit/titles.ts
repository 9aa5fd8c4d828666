// Finds the title to rate: your own rated titles (series and films outside every catalogue come
// from your exports), MovieLens and the IMDb titles. A plain substring match ranked by match
// quality, then votes: the search domain (title search over every title, typo-tolerant) replaces
// the catalogue part once it lands; your own titles stay, since no catalogue may hold them.
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { movieIdsByTconst, resolveItem } from '../profile/catalogue.ts';
import type { RateMatch, TitleCard } from './types.ts';

interface Row {
  tconst: string;
  title: string;
  original: string | null;
  year: number | null;
  type: string;
  genres: string | null;
}

/** Lower case, no accents, no leading article, letters and digits only. */
export function normaliseTitle(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/^(the|a|an|le|la|les|l'|il|lo|el|der|die|das)\s+/, '')
    .replace(/,\s*(the|a|an)$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const KINDS = "('movie', 'tvMovie', 'tvSeries', 'tvMiniSeries', 'tvSpecial')";

export function findTitles(
  db: Database,
  params: ModelParams | null,
  query: string,
  options: { year?: number; limit?: number } = {},
): RateMatch[] {
  const q = normaliseTitle(query);
  if (!q) return [];
  // SQLite's LIKE is ASCII case-insensitive; the words are matched again in JS after normalising.
  const like = `%${q.split(' ').sort((a, b) => b.length - a.length)[0]}%`;
  const year = options.year ?? null;
  const rows: Row[] = [
    ...db
      .prepare<[{ like: string; year: number | null }], Row>(
        `SELECT tconst, title, original_title AS original, year, title_type AS type, genres FROM profile_ratings
         WHERE (title LIKE @like OR original_title LIKE @like) AND (@year IS NULL OR year = @year)`,
      )
      .all({ like, year }),
    ...db
      .prepare<[{ like: string; year: number | null }], Row>(
        `SELECT tconst, title, NULL AS original, year, 'movie' AS type, genres FROM movies
         WHERE tconst IS NOT NULL AND title LIKE @like AND (@year IS NULL OR year = @year)`,
      )
      .all({ like, year }),
    ...db
      .prepare<[{ like: string; year: number | null }], Row>(
        `SELECT tconst, primary_title AS title, original_title AS original, start_year AS year, title_type AS type, genres
         FROM imdb_titles WHERE title_type IN ${KINDS} AND (primary_title LIKE @like OR original_title LIKE @like)
         AND (@year IS NULL OR start_year = @year) LIMIT 2000`,
      )
      .all({ like, year }),
  ];
  const seen = new Map<string, Row & { quality: number }>();
  for (const r of rows) {
    const quality = Math.max(matchQuality(q, r.title), r.original ? matchQuality(q, r.original) : 0);
    const prev = seen.get(r.tconst);
    // IMDb knows the type best; MovieLens lists films only.
    if (quality > 0 && (!prev || (prev.type === 'movie' && r.type !== 'movie')))
      seen.set(r.tconst, { ...r, quality: Math.max(quality, prev?.quality ?? 0) });
  }
  const ids = movieIdsByTconst(db, seen.keys());
  const votes = db.prepare<[string], { average_rating: number; num_votes: number }>(
    'SELECT average_rating, num_votes FROM imdb_ratings WHERE tconst = ?',
  );
  const mlVotes = db.prepare<[string], number>('SELECT max(ml_votes) FROM movies WHERE tconst = ?').pluck();
  const rated = db.prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?').pluck();
  return [...seen.values()]
    .map((r) => {
      const v = votes.get(r.tconst);
      return {
        match: {
          tconst: r.tconst,
          title: r.title,
          originalTitle: r.original && r.original !== r.title ? r.original : null,
          year: r.year,
          type: r.type,
          imdbRating: v?.average_rating ?? null,
          imdbVotes: v?.num_votes ?? null,
          inModel: resolveItem(params, ids.get(r.tconst)).item >= 0,
          yourRating: rated.get(r.tconst) ?? null,
        } satisfies RateMatch,
        quality: r.quality,
        popularity: v?.num_votes ?? (mlVotes.get(r.tconst) ?? 0) * 100,
      };
    })
    .sort((a, b) => b.quality - a.quality || b.popularity - a.popularity)
    .slice(0, options.limit ?? 10)
    .map((x) => x.match);
}

/** 3: the same title, 2: starts with the query, 1: contains all its words, 0: no match. */
function matchQuality(q: string, title: string): number {
  const t = normaliseTitle(title);
  if (t === q) return 3;
  if (t.startsWith(q)) return 2;
  const words = t.split(' ');
  return q.split(' ').every((w) => words.some((x) => x.startsWith(w))) ? 1 : 0;
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
  const yourRating =
    db.prepare<[string], number>('SELECT rating FROM profile_ratings WHERE tconst = ?').pluck().get(tconst) ??
    null;
  return {
    tconst,
    title: r.title,
    year: r.year,
    type: r.type,
    genres: r.genres,
    yourRating,
    maybeSeen: false,
    inModel: item >= 0,
    item,
  };
}
