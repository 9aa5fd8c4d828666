// The poster cache on disk: LRU order (a hit makes a title recent), eviction down to the size cap,
// the order surviving a restart (file mtimes), "no poster" markers that expire, and crash leftovers.
import { existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MISSING_TTL_MS, PosterCache } from '../../main/posters/cache.ts';
import { tempDir } from '../support/tmp.ts';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('poster cache', () => {
  const dirs: { remove(): void }[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => d.remove()));
  function setup(cap: number, now?: () => number) {
    const d = tempDir('reeltaste-posters-');
    dirs.push(d);
    return { dir: d.path, cache: new PosterCache(d.path, () => cap, now) };
  }

  it('stores, serves and evicts the least recently used poster past the cap', async () => {
    let t = 1_000_000;
    const { dir, cache } = setup(3000, () => t++);
    for (const id of ['tt0000001', 'tt0000002', 'tt0000003'])
      await cache.putImage(id, bytes(1000), 'image/jpeg');
    expect(await cache.stats()).toEqual({ files: 3, bytes: 3000, capBytes: 3000, missing: 0 });
    // Reading the oldest makes it the most recent: the next insert evicts tt0000002 instead.
    const hit = await cache.get('tt0000001');
    expect(hit).toMatchObject({ kind: 'image', mime: 'image/jpeg' });
    expect(hit.kind === 'image' && hit.bytes.length).toBe(1000);
    await cache.putImage('tt0000004', bytes(1000), 'image/png');
    expect(await cache.order()).toEqual(['tt0000003', 'tt0000001', 'tt0000004']);
    expect(existsSync(join(dir, 'tt0000002.jpg'))).toBe(false);
    expect(await cache.get('tt0000002')).toEqual({ kind: 'miss' });
    expect((await cache.stats()).bytes).toBe(3000);
    // A poster bigger than what is left pushes out as many as it takes.
    await cache.putImage('tt0000005', bytes(2500), 'image/webp');
    expect(await cache.order()).toEqual(['tt0000005']);
    expect(readdirSync(dir).sort()).toEqual(['tt0000005.webp']);
  });

  it('keeps the LRU order across a restart (file modification times)', async () => {
    const { dir } = setup(10_000);
    for (const [i, id] of ['tt0000001', 'tt0000002', 'tt0000003'].entries()) {
      writeFileSync(join(dir, `${id}.jpg`), bytes(100));
      // Oldest use first: tt0000002, then tt0000003, then tt0000001.
      const when = new Date(Date.UTC(2025, 0, [3, 1, 2][i]!));
      utimesSync(join(dir, `${id}.jpg`), when, when);
    }
    writeFileSync(join(dir, 'notes.txt'), 'not a poster');
    writeFileSync(join(dir, '.tt0000009.jpg.123.abc.tmp'), 'half a write');
    const cache = new PosterCache(dir, () => 250);
    expect(await cache.order()).toEqual(['tt0000002', 'tt0000003', 'tt0000001']);
    expect(await cache.evict()).toBe(1);
    expect(await cache.order()).toEqual(['tt0000003', 'tt0000001']);
    expect(existsSync(join(dir, '.tt0000009.jpg.123.abc.tmp'))).toBe(false);
    expect(existsSync(join(dir, 'notes.txt'))).toBe(true);
  });

  it('remembers "no poster" for a week, then asks again; clear empties the folder', async () => {
    let now = 5_000_000;
    const { dir, cache } = setup(10_000, () => now);
    await cache.putMissing('tt0000007');
    await cache.putImage('tt0000008', bytes(10), 'image/jpeg');
    expect(await cache.get('tt0000007')).toEqual({ kind: 'missing' });
    expect(await cache.stats()).toMatchObject({ files: 1, missing: 1, bytes: 10 });
    now += MISSING_TTL_MS + 1;
    expect(await cache.get('tt0000007')).toEqual({ kind: 'miss' });
    expect(existsSync(join(dir, 'tt0000007.none'))).toBe(false);
    // A poster found later replaces the marker.
    await cache.putMissing('tt0000007');
    await cache.putImage('tt0000007', bytes(20), 'image/jpeg');
    expect(readdirSync(dir).sort()).toEqual(['tt0000007.jpg', 'tt0000008.jpg']);
    await cache.clear();
    expect(readdirSync(dir)).toEqual([]);
    expect(await cache.stats()).toMatchObject({ files: 0, bytes: 0, missing: 0 });
  });
});
