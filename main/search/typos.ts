// Typo correction for query words, SymSpell-style over the index's vocabulary: the one-edit
// variants of a word (a character deleted, swapped with its neighbour, replaced or inserted) that
// are words of some title ("rigns" -> rings, "matrx" -> matrix), most used first. The last word of
// a query may be half typed, so its variants also count when they begin some word ("mtar" -> matr).
import type { Database, Statement } from 'better-sqlite3';

const ALPHABET = [...'abcdefghijklmnopqrstuvwxyz0123456789'];

/** Every string one edit from word (Damerau: deletion, adjacent swap, substitution, insertion). */
export function oneEdit(word: string): Set<string> {
  const w = Array.from(word);
  const alphabet = [...new Set([...ALPHABET, ...w])];
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++) {
    const head = w.slice(0, i).join('');
    for (const c of alphabet) out.add(head + c + w.slice(i).join(''));
    if (i === w.length) break;
    const tail = w.slice(i + 1).join('');
    out.add(head + tail);
    for (const c of alphabet) out.add(head + c + tail);
    if (i + 1 < w.length) out.add(head + w[i + 1]! + w[i]! + w.slice(i + 2).join(''));
  }
  out.delete(word);
  return out;
}

export class Vocabulary {
  private readonly words: Statement<[string, number], string>;
  private readonly prefixes: Statement<[string, number], string>;

  constructor(db: Database) {
    this.words = db
      .prepare<[string, number], string>(
        `SELECT w.word FROM json_each(?) v JOIN search_words w ON w.word = v.value ORDER BY w.titles DESC LIMIT ?`,
      )
      .pluck();
    // A variant that begins a word: the most used such word decides its rank.
    this.prefixes = db
      .prepare<[string, number], string>(
        `SELECT v.value FROM json_each(?) v
         JOIN search_words w ON w.word >= v.value AND w.word < v.value || char(1114111)
         GROUP BY v.value ORDER BY max(w.titles) DESC LIMIT ?`,
      )
      .pluck();
  }

  /** The word itself and up to k - 1 one-edit variants that titles use (or begin with, for a last word). */
  corrections(word: string, last: boolean, k: number): string[] {
    const variants = JSON.stringify([...oneEdit(word)]);
    const found = new Set([word, ...this.words.all(variants, k - 1)]);
    if (last && found.size < k)
      for (const v of this.prefixes.all(variants, k)) if (found.size < k) found.add(v);
    return [...found];
  }
}
