// The posters domain's stored state: rows of the settings table under 'posters.*' keys. The TMDB
// key is kept only as ciphertext from a SecretStore, in a record that names the scheme, so a key
// saved on one machine (or by another encryption) is recognised as unreadable, not misread.
import type { Database } from 'better-sqlite3';
import { deleteSetting, readSetting, writeSetting } from '../settings/store.ts';

const KEY = 'posters.tmdbKey';
const CAP = 'posters.cacheCapMb';

export const DEFAULT_CACHE_CAP_MB = 200;

/** The stored form of the TMDB key: never the key itself. */
export interface StoredKeyRecord {
  /** The SecretStore scheme that encrypted it (e.g. 'electron-safeStorage'). */
  scheme: string;
  /** Base64 of the ciphertext. */
  ciphertext: string;
  savedAt: string;
}

export function readKeyRecord(db: Database): StoredKeyRecord | undefined {
  return readSetting<StoredKeyRecord>(db, KEY);
}

export function writeKeyRecord(db: Database, scheme: string, cipher: Uint8Array): void {
  const record: StoredKeyRecord = {
    scheme,
    ciphertext: Buffer.from(cipher).toString('base64'),
    savedAt: new Date().toISOString(),
  };
  writeSetting(db, KEY, record);
}

export function deleteKeyRecord(db: Database): void {
  deleteSetting(db, KEY);
}

export function cacheCapBytes(db: Database): number {
  return (readSetting<number>(db, CAP) ?? DEFAULT_CACHE_CAP_MB) * 1024 * 1024;
}

export function setCacheCapMb(db: Database, mb: number): void {
  writeSetting(db, CAP, mb);
}
