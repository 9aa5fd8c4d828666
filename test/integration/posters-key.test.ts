// The TMDB key at rest: only ciphertext from a SecretStore is stored (a record naming its scheme),
// plain Node refuses to store a key at all (clear message, nothing written), REELTASTE_TMDB_KEY is
// used read-only, and a key that cannot be decrypted here is reported, not misused.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PosterService } from '../../main/posters/service.ts';
import { nodeSecretStore, type SecretStore } from '../../main/posters/secret-store.ts';
import { readKeyRecord } from '../../main/posters/store.ts';
import { TmdbClient } from '../../main/posters/tmdb.ts';
import { createHandlers } from '../../main/ipc/handlers.ts';
import { dispatch } from '../../main/ipc/dispatch.ts';
import { startFakeTmdb, type FakeTmdb } from '../support/tmdb-server.ts';
import { testServices } from '../support/datasets.ts';

const KEY = 'fedcba9876543210fedcba9876543210';

/** Stands in for safeStorage: AES-256-GCM under a secret only this object knows (the "keychain"). */
function keychainStore(scheme = 'test-keychain'): SecretStore {
  const secret = randomBytes(32);
  return {
    scheme,
    isAvailable: async () => true,
    unavailableReason: () => '',
    async encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', secret, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    async decrypt(cipher) {
      const buf = Buffer.from(cipher);
      const d = createDecipheriv('aes-256-gcm', secret, buf.subarray(0, 12));
      d.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([d.update(buf.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('TMDB key storage', () => {
  let tmdb: FakeTmdb;
  const open: ReturnType<typeof testServices>[] = [];
  const services = () => {
    const t = testServices('reeltaste-tmdb-key-');
    open.push(t);
    return t;
  };
  const client = () => new TmdbClient({ baseUrls: () => ({ api: tmdb.apiBase, image: tmdb.imageBase }) });
  const rawRow = (t: ReturnType<typeof testServices>) =>
    t.s.db.prepare("SELECT value FROM settings WHERE key = 'posters.tmdbKey'").pluck().get() as
      string | undefined;

  beforeAll(async () => {
    tmdb = await startFakeTmdb([{ tmdbId: 862, tconst: 'tt0114709', posterPath: '/toy.png' }], {
      apiKey: KEY,
    });
  });
  afterEach(() => {
    delete process.env.REELTASTE_TMDB_KEY;
    open.splice(0).forEach((t) => t.close());
  });
  afterAll(() => tmdb?.close());

  it('plain Node refuses to store a key, says why and what to do instead, and writes nothing', async () => {
    const t = services();
    await expect(t.s.posters.setKey(KEY)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringMatching(/never stores it in plain text.*REELTASTE_TMDB_KEY/),
    });
    expect(rawRow(t)).toBeUndefined();
    // The same answer over IPC (the e2e harness runs these services).
    const res = await dispatch(createHandlers(t.s), 'posters/setKey', { key: KEY });
    expect(res).toMatchObject({ ok: false, error: { code: 'UNAVAILABLE' } });
    expect(await t.s.posters.status()).toMatchObject({
      hasKey: false,
      keySource: null,
      canStore: false,
      storeReason: expect.stringMatching(/REELTASTE_TMDB_KEY/),
    });
  });

  it('stores only ciphertext, in a record naming the scheme; the key is read back and used', async () => {
    const t = services();
    const store = keychainStore();
    const posters = new PosterService(t.s, store, client());
    expect(await posters.setKey(`  ${KEY}\n`)).toMatchObject({
      hasKey: true,
      keySource: 'stored',
      canStore: true,
    });
    const raw = rawRow(t)!;
    expect(raw).not.toContain(KEY);
    expect(raw).not.toContain(Buffer.from(KEY).toString('base64').slice(0, 20));
    const record = readKeyRecord(t.s.db)!;
    expect(Object.keys(record).sort()).toEqual(['ciphertext', 'savedAt', 'scheme']);
    expect(record.scheme).toBe('test-keychain');
    expect(record.savedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(await store.decrypt(Buffer.from(record.ciphertext, 'base64'))).toBe(KEY);
    // A new app run (new service, same keychain) reads it and fetches with it.
    const later = new PosterService(t.s, store, client());
    tmdb.requests.length = 0;
    expect((await later.respond('reeltaste-poster://tt0114709')).status).toBe(200);
    // (No MovieLens here, so by IMDb id.)
    expect(tmdb.requests[0]).toMatchObject({ path: '/3/find/tt0114709', apiKey: KEY });
    // Removing it removes the row.
    expect(await later.clearKey()).toMatchObject({ hasKey: false, keySource: null });
    expect(rawRow(t)).toBeUndefined();
  });

  it('a key saved under another keychain is reported as unreadable, not used', async () => {
    const t = services();
    await new PosterService(t.s, keychainStore('test-keychain')).setKey(KEY);
    const otherUser = new PosterService(t.s, keychainStore('test-keychain'));
    expect(await otherUser.status()).toMatchObject({
      hasKey: false,
      lastError: { message: expect.stringMatching(/cannot be decrypted.*enter it again/) },
    });
    const cli = new PosterService(t.s, nodeSecretStore);
    expect(await cli.status()).toMatchObject({
      hasKey: false,
      lastError: { message: expect.stringMatching(/system keychain \(test-keychain\).*REELTASTE_TMDB_KEY/) },
    });
  });

  it('REELTASTE_TMDB_KEY wins and is never written; removing the stored key leaves it in use', async () => {
    const t = services();
    const posters = new PosterService(t.s, keychainStore(), client());
    await posters.setKey(KEY);
    process.env.REELTASTE_TMDB_KEY = 'another-key-from-the-env';
    expect(await posters.status()).toMatchObject({ hasKey: true, keySource: 'env' });
    await posters.clearKey();
    expect(await posters.status()).toMatchObject({ hasKey: true, keySource: 'env' });
    expect(rawRow(t)).toBeUndefined();
  });

  it('rejects what cannot be a TMDB key before touching the keychain', async () => {
    const t = services();
    const posters = new PosterService(t.s, keychainStore());
    for (const bad of ['', 'short', 'has spaces in the middle of it', 'x'.repeat(2000)])
      await expect(posters.setKey(bad)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    expect(rawRow(t)).toBeUndefined();
  });
});
