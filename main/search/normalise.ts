// Title normalisation shared by the index build, every query and Letterboxd matching, so the two
// sides of a comparison are always folded the same way: accents and case folded, joiners inside a
// word dropped (WALL·E, M*A*S*H, Spider-Man, Schindler's), other punctuation as spaces, "&" as
// "and", an inverted article put back ("Matrix, The"), and a leading article in several languages
// recognised so "The Matrix", "Matrix, The" and "matrix" meet.

/** Leading articles: English, French, German, Spanish, Italian, Portuguese, Dutch, Scandinavian. */
const ARTICLES = new Set([
  'the',
  'a',
  'an',
  'le',
  'la',
  'les',
  'l',
  'un',
  'une',
  'der',
  'die',
  'das',
  'ein',
  'eine',
  'el',
  'los',
  'las',
  'una',
  'il',
  'lo',
  'gli',
  'i',
  'uno',
  'o',
  'os',
  'as',
  'um',
  'uma',
  'de',
  'het',
  'een',
  'den',
  'det',
  'en',
  'ett',
  'et',
]);

// "Matrix, The" / "Fabuleux destin d'Amélie Poulain, Le" / "Avventura, L'" as MovieLens writes them.
const INVERTED =
  /^(.+?),\s*(the|an?|les?|la|l['’]|un[ae]?|der|die|das|eine?|el|los|las|il|lo|gli|os?|as?|um|uma|het|een|den|det|en|ett|et)$/i;

// Letters NFKD does not decompose into a base letter plus marks.
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
};
const SPECIAL_RE = /[ßæœøđðłþı]/g;

/** Lower case, accents removed, a few letters spelled out: "Amélie" -> "amelie", "Ærø" -> "aero". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c]!);
}

/** A title or query as words: folded, joiners dropped, other punctuation as spaces. */
export function titleWords(text: string): string[] {
  let t = text.trim();
  const inv = INVERTED.exec(t);
  if (inv) t = `${inv[2]} ${inv[1]}`;
  t = fold(t)
    // An elided article or preposition is its own word: "l'avventura", "d'amelie".
    .replace(/(^|[^\p{L}\p{N}])([ldjnmtsc]|qu)['’`´](?=[aeiouyh])/gu, '$1$2 ')
    .replace(/&/g, ' and ')
    // Joiners between two letters or digits vanish; anything else that is not a letter or digit is a space.
    .replace(/(?<=[\p{L}\p{N}])['’`´·•*.‐‑-](?=[\p{L}\p{N}])/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return t === '' ? [] : t.split(' ');
}

/** The same words without a leading article (unchanged when nothing would be left). */
export function withoutArticle(words: string[]): string[] {
  return words.length > 1 && ARTICLES.has(words[0]!) ? words.slice(1) : words;
}

export interface NameForms {
  /** Spaced forms, with the article and without (one entry when there is no article). */
  spaced: string[];
  /** The same without spaces: what the trigram index and exact keys hold. */
  compact: string[];
}

/** Every form of one title under which it can be found. */
export function nameForms(title: string): NameForms {
  const words = titleWords(title);
  const bare = withoutArticle(words);
  const spaced = bare === words ? [words.join(' ')] : [words.join(' '), bare.join(' ')];
  return { spaced, compact: spaced.map((s) => s.replaceAll(' ', '')) };
}

/** Compact form: the key exact matches compare. */
export function compactKey(title: string): string {
  return withoutArticle(titleWords(title)).join('');
}

/** "Matrix, The" -> "The Matrix", for display. */
export function uninvert(title: string): string {
  const inv = INVERTED.exec(title.trim());
  if (!inv) return title.trim();
  const article = inv[2]!;
  return /['’]$/.test(article) ? `${article}${inv[1]}` : `${article} ${inv[1]}`;
}

/**
 * A MovieLens title's main name and the names in its trailing parentheses:
 * "Amelie (Fabuleux destin d'Amélie Poulain, Le)" -> Amelie + Le Fabuleux destin d'Amélie Poulain;
 * "Seven (a.k.a. Se7en)" -> Seven + Se7en.
 */
export function movieLensNames(title: string): { main: string; alternates: string[] } {
  let main = title.trim();
  const alternates: string[] = [];
  for (let m = /^(.+?)\s*\(([^()]+)\)$/.exec(main); m; m = /^(.+?)\s*\(([^()]+)\)$/.exec(main)) {
    main = m[1]!;
    alternates.unshift(uninvert(m[2]!.replace(/^a\.k\.a\.?\s*/i, '')));
  }
  return { main: uninvert(main), alternates };
}
