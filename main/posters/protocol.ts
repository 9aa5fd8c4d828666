// The poster URL scheme: the renderer asks for reeltaste-poster://<tconst> (never file://), main
// answers with the cached or fetched image, or a 404 that tells the page to draw its own poster.
// The renderer builds the same URLs in renderer/src/posters.ts (a test pins that they agree).
// reeltaste-poster://logo/<file> is a streaming provider's logo (where to watch), cached the same way.
import { TCONST } from '../catalogue/ids.ts';
export const POSTER_SCHEME = 'reeltaste-poster';

/** A reeltaste-poster:// URL parsed, or null when it is not one. */
function ours(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${POSTER_SCHEME}:` ? parsed : null;
  } catch {
    return null;
  }
}

/** The title a poster URL asks for, or null when the URL is not one of ours. */
export function tconstFromPosterUrl(url: string): string | null {
  const parsed = ours(url);
  if (!parsed) return null;
  // reeltaste-poster://tt0114709 (Chromium adds a trailing slash to standard schemes).
  const tconst = parsed.hostname.toLowerCase();
  return TCONST.test(tconst) && (parsed.pathname === '' || parsed.pathname === '/') ? tconst : null;
}

/** The TMDB logo path (e.g. /abc.png) a logo URL asks for, or null when it is not one. */
export function logoFromPosterUrl(url: string): string | null {
  const parsed = ours(url);
  if (parsed?.hostname.toLowerCase() !== 'logo') return null;
  return /^\/[\w-]{1,64}\.(jpe?g|png|webp)$/i.test(parsed.pathname) ? parsed.pathname : null;
}

/** The cache key of a logo: one name space with the posters' tconsts, so one cap covers both. */
export const logoCacheKey = (path: string): string => `logo-${path.slice(1).replace(/\.\w+$/, '')}`;
