// The safeStorage SecretStore's rules, against a stand-in for Electron's module: Linux's
// 'basic_text' backend (a hard-coded password) is refused as plain text; a real keychain is used
// as is, and decryption hands back safeStorage's result.
import { describe, expect, it } from 'vitest';
import { safeStorageSecretStore, type SafeStorageApi } from '../../main/posters/safe-storage.ts';

function fake(backend: string, available = true): SafeStorageApi & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    isAsyncEncryptionAvailable: async () => available,
    getSelectedStorageBackend: () => backend,
    encryptStringAsync: async (plain) => {
      calls.push('encrypt');
      return Buffer.from([...Buffer.from(plain)].reverse());
    },
    decryptStringAsync: async (cipher) => {
      calls.push('decrypt');
      return { result: Buffer.from([...cipher].reverse()).toString(), shouldReEncrypt: false };
    },
  };
}

describe('safeStorage SecretStore', () => {
  it("refuses Linux's basic_text backend, and says what to do instead", async () => {
    const store = safeStorageSecretStore(fake('basic_text'), 'linux');
    expect(await store.isAvailable()).toBe(false);
    expect(store.unavailableReason()).toMatch(/never stores the TMDB key in plain text.*REELTASTE_TMDB_KEY/);
  });

  it('uses a real keychain (libsecret, KWallet; macOS and Windows always)', async () => {
    expect(await safeStorageSecretStore(fake('gnome_libsecret'), 'linux').isAvailable()).toBe(true);
    expect(await safeStorageSecretStore(fake('kwallet6'), 'linux').isAvailable()).toBe(true);
    expect(await safeStorageSecretStore(fake('unknown'), 'darwin').isAvailable()).toBe(true);
    expect(await safeStorageSecretStore(fake('gnome_libsecret', false), 'linux').isAvailable()).toBe(false);
  });

  it('encrypts and decrypts through safeStorage', async () => {
    const api = fake('kwallet5');
    const store = safeStorageSecretStore(api, 'linux');
    const cipher = await store.encrypt('secret-key');
    expect(Buffer.from(cipher).toString()).not.toContain('secret-key');
    expect(await store.decrypt(new Uint8Array(cipher))).toBe('secret-key');
    expect(api.calls).toEqual(['encrypt', 'decrypt']);
    expect(store.scheme).toBe('electron-safeStorage');
  });
});
