// Trigrams as SQLite's trigram tokenizer cuts them (three consecutive code points), how many titles
// hold each (counted at build), and FTS5 expressions that ask the index for a string's rarest few:
// a title holding "^matrix$" holds all of its trigrams, and the rarest three narrow the titles to
// check about as well as all of them would, at a fraction of the work. The caller verifies.
import type { Database, Statement } from 'better-sqlite3';

/** Distinct trigrams of a string, in order of first appearance. */
export function trigramsOf(text: string): string[] {
  const out = new Set<string>();
  // Without surrogate pairs, code points are UTF-16 units: slice (no array of characters; this runs
  // for every title of every index build).
  if (!/[\uD800-\uDFFF]/.test(text)) {
    for (let i = 0; i + 3 <= text.length; i++) out.add(text.slice(i, i + 3));
    return [...out];
  }
  const cp = Array.from(text);
  for (let i = 0; i + 3 <= cp.length; i++) out.add(cp[i]! + cp[i + 1]! + cp[i + 2]!);
  return [...out];
}

/** How many titles hold each trigram; reloaded when the index is swapped (the schema changes). */
export class TrigramCounts {
  private readonly db: Database;
  private counts = new Map<string, number>();
  private schema = -1;
  private version: Statement<[], number> | undefined;

  constructor(db: Database) {
    this.db = db;
  }

  get(trigram: string): number {
    return this.counts.get(trigram) ?? 0;
  }

  /** Call before each query: a swap renames tables, which bumps schema_version. */
  refresh(): void {
    this.version ??= this.db.prepare<[], number>('PRAGMA schema_version').pluck();
    const version = this.version.get()!;
    if (version === this.schema) return;
    this.schema = version;
    this.counts = new Map(
      this.db.prepare<[], [string, number]>('SELECT trigram, titles FROM search_trigrams').raw().all(),
    );
  }

  /** The `k` rarest trigrams of a string (a trigram no title holds comes first: nothing matches). */
  rarest(text: string, k: number): string[] {
    return trigramsOf(text)
      .sort((a, b) => this.get(a) - this.get(b))
      .slice(0, k);
  }

  /**
   * An FTS5 expression for titles holding the rarest `k` trigrams of text (and its last trigram
   * when `withEnd`: "…x$" pins an exact name's end); null under 3 characters.
   */
  expression(text: string, k = 3, withEnd = false): string | null {
    const picked = new Set(this.rarest(text, k));
    const all = trigramsOf(text);
    if (withEnd && all.length) picked.add(all[all.length - 1]!);
    return picked.size ? [...picked].map((t) => `"${t}"`).join(' AND ') : null;
  }
}
