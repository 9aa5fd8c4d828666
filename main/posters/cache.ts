// Posters on disk under <dataDir>/posters, one file per title (<tconst>.jpg), with a size cap and
// least-recently-used eviction. The index lives in memory (read from the folder once, in order of
// the files' modification times); a hit moves the title to the back and stamps the file's mtime, so
// the order survives a restart. "TMDB has no poster" is remembered as an empty <tconst>.none file
// for a while. Files are written to a temporary name and renamed, so a reader never sees half.
// Everything is asynchronous: this runs in the main process, which must never stall the window.
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TCONST_PART } from '../catalogue/ids.ts';

const EXT: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const MIME: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };
// A title's poster (tconst) or a provider's logo (logo-<TMDB file name>), under one cap.
const NAME = new RegExp(`^(${TCONST_PART}|logo-[\\w-]{1,64})\\.(jpg|png|webp|none)$`);

/** How long "TMDB has no poster" is believed before asking again. */
export const MISSING_TTL_MS = 7 * 24 * 3600 * 1000;

interface Entry {
  file: string;
  bytes: number;
  /** A remembered "no poster" (an empty marker file). */
  missing: boolean;
  usedAt: number;
}

export type CacheLookup =
  { kind: 'image'; bytes: Uint8Array; mime: string } | { kind: 'missing' } | { kind: 'miss' };

export class PosterCache {
  readonly dir: string;
  private readonly capBytes: () => number;
  private readonly now: () => number;
  /** Map order is LRU order: the first entry is the least recently used. */
  private index: Map<string, Entry> | undefined;
  private loading: Promise<Map<string, Entry>> | undefined;
  private total = 0;

  constructor(dir: string, capBytes: () => number, now: () => number = Date.now) {
    this.dir = dir;
    this.capBytes = capBytes;
    this.now = now;
  }

  async stats(): Promise<{ files: number; bytes: number; capBytes: number; missing: number }> {
    const index = await this.load();
    let missing = 0;
    for (const e of index.values()) if (e.missing) missing++;
    return { files: index.size - missing, bytes: this.total, capBytes: this.capBytes(), missing };
  }

  /** Titles in LRU order, least recently used first (tests and diagnostics). */
  async order(): Promise<string[]> {
    return [...(await this.load()).keys()];
  }

  async get(tconst: string): Promise<CacheLookup> {
    const index = await this.load();
    const e = index.get(tconst);
    if (!e) return { kind: 'miss' };
    if (e.missing) {
      if (this.now() - e.usedAt < MISSING_TTL_MS) return { kind: 'missing' };
      await this.drop(tconst);
      return { kind: 'miss' };
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(join(this.dir, e.file));
    } catch {
      // Deleted behind our back (or evicted meanwhile): a miss.
      this.forget(tconst);
      return { kind: 'miss' };
    }
    this.touch(tconst, e);
    return { kind: 'image', bytes, mime: MIME[e.file.split('.').pop()!] ?? 'image/jpeg' };
  }

  async putImage(tconst: string, bytes: Uint8Array, mime: string): Promise<void> {
    const ext = EXT[mime] ?? 'jpg';
    await this.write(tconst, `${tconst}.${ext}`, bytes, false);
    await this.evict();
  }

  async putMissing(tconst: string): Promise<void> {
    await this.write(tconst, `${tconst}.none`, new Uint8Array(0), true);
  }

  async clear(): Promise<void> {
    for (const tconst of [...(await this.load()).keys()]) await this.drop(tconst);
  }

  /** Removes least recently used posters until the cache fits its cap. */
  async evict(): Promise<number> {
    const cap = this.capBytes();
    let removed = 0;
    for (const [tconst, e] of await this.load()) {
      if (this.total <= cap) break;
      if (e.missing) continue;
      await this.drop(tconst);
      removed++;
    }
    return removed;
  }

  private async write(tconst: string, file: string, bytes: Uint8Array, missing: boolean): Promise<void> {
    await this.load();
    const tmp = join(this.dir, `.${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(tmp, bytes);
    const old = this.index!.get(tconst);
    if (old && old.file !== file) await rm(join(this.dir, old.file), { force: true });
    await rename(tmp, join(this.dir, file));
    this.forget(tconst);
    this.index!.set(tconst, { file, bytes: bytes.length, missing, usedAt: this.now() });
    this.total += bytes.length;
  }

  private touch(tconst: string, e: Entry): void {
    e.usedAt = this.now();
    this.index!.delete(tconst);
    this.index!.set(tconst, e);
    const t = new Date(e.usedAt);
    void utimes(join(this.dir, e.file), t, t).catch(() => {});
  }

  private async drop(tconst: string): Promise<void> {
    const e = this.index?.get(tconst);
    if (!e) return;
    this.forget(tconst);
    await rm(join(this.dir, e.file), { force: true });
  }

  private forget(tconst: string): void {
    const e = this.index?.get(tconst);
    if (!e) return;
    this.total -= e.bytes;
    this.index!.delete(tconst);
  }

  private load(): Promise<Map<string, Entry>> {
    this.loading ??= this.scan();
    return this.loading;
  }

  private async scan(): Promise<Map<string, Entry>> {
    await mkdir(this.dir, { recursive: true });
    const found: [string, Entry][] = [];
    for (const name of await readdir(this.dir)) {
      // A temporary file a crash left behind.
      if (name.startsWith('.') && name.endsWith('.tmp')) await rm(join(this.dir, name), { force: true });
      const m = NAME.exec(name);
      if (!m) continue;
      const st = await stat(join(this.dir, name)).catch(() => null);
      if (!st?.isFile()) continue;
      found.push([m[1]!, { file: name, bytes: st.size, missing: m[2] === 'none', usedAt: st.mtimeMs }]);
    }
    found.sort((a, b) => a[1].usedAt - b[1].usedAt);
    this.index = new Map(found);
    this.total = 0;
    for (const e of this.index.values()) this.total += e.bytes;
    return this.index;
  }
}
