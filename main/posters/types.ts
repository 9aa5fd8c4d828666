// The posters domain's shapes that cross IPC: where the TMDB key comes from, whether one can be
// stored on this machine, and how full the poster cache is (Settings → Posters).

/** Where the key in use comes from: saved encrypted by the app, or REELTASTE_TMDB_KEY (read-only). */
export type TmdbKeySource = 'stored' | 'env';

export interface PosterStatus {
  /** A key is set (stored or from the environment); posters are fetched from TMDB. */
  hasKey: boolean;
  keySource: TmdbKeySource | null;
  /** Whether this machine can store a key encrypted (Electron safeStorage with a real keychain). */
  canStore: boolean;
  /** Why a key cannot be stored here (shown under the key field), when canStore is false. */
  storeReason: string | null;
  cache: { files: number; bytes: number; capBytes: number; missing: number };
  /** The last TMDB problem (a refused key, rate limiting, offline), with when it happened. */
  lastError: { message: string; at: string } | null;
}

export interface PosterKeyInput {
  key: string;
}
