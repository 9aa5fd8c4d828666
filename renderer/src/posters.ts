// Poster URLs for <img>: main answers reeltaste-poster://<tconst> with the cached or fetched TMDB
// poster, or an error the page falls back on (main/posters/protocol.ts; a test pins the scheme).
// The version changes when the key does, so posters that failed without a key are asked again.
export const POSTER_SCHEME = 'reeltaste-poster';

export function posterUrl(tconst: string, version = 0): string {
  return `${POSTER_SCHEME}://${tconst}${version ? `?v=${version}` : ''}`;
}

/** TMDB's required attribution (shown in Settings → Posters and About). */
export const TMDB_ATTRIBUTION = 'This product uses the TMDB API but is not endorsed or certified by TMDB.';

// A hue per genre (MovieLens and IMDb names) for generated posters: warm for action and comedy,
// cold for drama and sci-fi, dark for horror and noir. Unknown genres get a stable hue from a hash.
const HUES: Record<string, number> = {
  Action: 8,
  Adventure: 28,
  Animation: 140,
  Biography: 35,
  Children: 95,
  Comedy: 45,
  Crime: 355,
  Documentary: 75,
  Drama: 215,
  Family: 110,
  Fantasy: 285,
  'Film-Noir': 230,
  History: 30,
  Horror: 300,
  IMAX: 195,
  Music: 320,
  Musical: 330,
  Mystery: 255,
  Romance: 340,
  'Sci-Fi': 190,
  Sport: 125,
  Thriller: 265,
  War: 60,
  Western: 22,
};

function hueOf(genre: string): number {
  if (genre in HUES) return HUES[genre]!;
  let h = 0;
  for (const c of genre) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

/** Genres as a list, from an array or MovieLens' "A|B" / IMDb's "A,B" strings. */
export function genreList(genres: string[] | string | null | undefined): string[] {
  const list = Array.isArray(genres) ? genres : (genres ?? '').split(/[|,]/);
  return list.map((g) => g.trim()).filter((g) => g && g !== '(no genres listed)' && g !== '\\N');
}

/** The generated poster's background: a gradient between the first two genres' hues. */
export function genreGradient(genres: string[]): string {
  const [a, b] = [genres[0], genres[1] ?? genres[0]].map((g) => (g ? hueOf(g) : 220));
  const dark = genres.some((g) => g === 'Horror' || g === 'Film-Noir');
  const l = dark ? 22 : 36;
  return `linear-gradient(160deg, hsl(${a} 55% ${l + 10}%), hsl(${b} 60% ${l - 12}%))`;
}
