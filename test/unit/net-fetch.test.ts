// Inside the app every HTTP client goes through the one installed fetch (Electron's net.fetch, so
// the system proxy and certificates apply); nothing calls the global fetch behind its back.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFetch, type FetchFn } from '../../main/net/fetch.ts';
import { TmdbClient } from '../../main/posters/tmdb.ts';
import { downloadFile, fetchText } from '../../main/datasets/http-download.ts';

const tmp = mkdtempSync(join(tmpdir(), 'rt-fetch-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the installed fetch', () => {
  const seen: string[] = [];
  const original = globalThis.fetch;
  const fake: FetchFn = async (input) => {
    const url = String(input instanceof Request ? input.url : input);
    seen.push(url);
    if (url.includes('/movie/')) return Response.json({ poster_path: '/p.jpg' });
    if (url.endsWith('/p.jpg'))
      return new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'image/jpeg' } });
    return new Response('hello', { headers: { 'content-length': '5' } });
  };
  beforeEach(() => {
    seen.length = 0;
    useFetch(fake);
    // Any call that skips the injection fails loudly.
    globalThis.fetch = () => Promise.reject(new Error('global fetch used'));
  });
  afterEach(() => {
    globalThis.fetch = original;
    useFetch((i, init) => globalThis.fetch(i, init));
  });

  it('carries TMDB requests', async () => {
    const client = new TmdbClient({
      baseUrls: () => ({ api: 'https://api.test/3/', image: 'https://img.test/t/p/' }),
    });
    const poster = await client.poster('k', { tconst: 'tt0000001', tmdbId: 7 });
    expect(poster?.bytes).toEqual(new Uint8Array([1, 2, 3]));
    expect(seen).toEqual(['https://api.test/3/movie/7?api_key=k', 'https://img.test/t/p/w342/p.jpg']);
  });

  it('carries dataset downloads and their checksum listings', async () => {
    const dest = join(tmp, 'f.txt');
    await downloadFile('https://files.test/f.txt', dest, { retries: 0 });
    expect(readFileSync(dest, 'utf8')).toBe('hello');
    expect(await fetchText('https://files.test/f.md5')).toBe('hello');
    expect(seen).toEqual(['https://files.test/f.txt', 'https://files.test/f.md5']);
  });
});
