// The poster URL scheme: the URLs the renderer builds are the ones main's handler reads, and
// nothing else (another scheme, a path, a name that is not a title) is taken for a poster.
import { describe, expect, it } from 'vitest';
import { POSTER_SCHEME, tconstFromPosterUrl } from '../../main/posters/protocol.ts';
import { POSTER_SCHEME as RENDERER_SCHEME, posterUrl } from '../../renderer/src/posters.ts';

describe('poster URLs', () => {
  it('the renderer and main agree on the scheme and the URL shape', () => {
    expect(RENDERER_SCHEME).toBe(POSTER_SCHEME);
    expect(tconstFromPosterUrl(posterUrl('tt0114709'))).toBe('tt0114709');
    expect(tconstFromPosterUrl(posterUrl('tt10872600', 3))).toBe('tt10872600');
    // Chromium normalises a standard scheme's URL with a trailing slash.
    expect(tconstFromPosterUrl('reeltaste-poster://tt0114709/?v=2')).toBe('tt0114709');
  });

  it('refuses anything that is not one title', () => {
    for (const url of [
      'reeltaste-poster://tt0114709/poster.jpg',
      'reeltaste-poster://tt01',
      'reeltaste-poster://nm0000001',
      'reeltaste-poster://',
      'file:///home/me/tt0114709.jpg',
      'https://image.tmdb.org/t/p/w342/x.jpg',
      'not a url',
    ])
      expect(tconstFromPosterUrl(url), url).toBeNull();
  });
});
