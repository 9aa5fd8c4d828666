// Poster URLs for <img>: main answers reeltaste-poster://<tconst> with the cached or fetched TMDB
// poster, or an error the page falls back on (main/posters/protocol.ts; a test pins the scheme).
// The version changes when the key does, so posters that failed without a key are asked again.
export const POSTER_SCHEME = 'reeltaste-poster';

export function posterUrl(tconst: string, version = 0): string {
  return `${POSTER_SCHEME}://${tconst}${version ? `?v=${version}` : ''}`;
}

/** A streaming provider's logo (TMDB's logo_path, e.g. /abc.png), cached by main beside the posters. */
export function logoUrl(logoPath: string): string {
  return `${POSTER_SCHEME}://logo${logoPath}`;
}

/** TMDB's required attribution (shown in Settings → Posters and About). */
export const TMDB_ATTRIBUTION = 'This product uses the TMDB API but is not endorsed or certified by TMDB.';
