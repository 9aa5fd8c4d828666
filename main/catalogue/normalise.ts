// The one title normaliser: the search index build, every query, Letterboxd matching and `predict`'s
// exact-title lookup, so the two sides of a comparison are always folded the same way: accents and
// case folded, joiners inside a word dropped (WALL·E, M*A*S*H, Spider-Man, Schindler's), other punctuation as spaces, "&" as
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

/** A title as one comparable string (exact-title matches): its words joined by spaces. */
export function normaliseTitle(text: string): string {
  return titleWords(text).join(' ');
}

/** The same words without a leading article (unchanged when nothing would be left). */
export function withoutArticle(words: string[]): string[] {
  return words.length > 1 && ARTICLES.has(words[0]!) ? words.slice(1) : words;
}

// Spellings that name the same thing: numbers in words or Roman numerals (not I, V or X, which are
// words too), and common abbreviations. Matching compares names with these folded.
const EQUIVALENT: Record<string, string> = {
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  ten: '10',
  eleven: '11',
  twelve: '12',
  twenty: '20',
  thirty: '30',
  forty: '40',
  fifty: '50',
  sixty: '60',
  hundred: '100',
  ii: '2',
  iii: '3',
  iv: '4',
  vi: '6',
  vii: '7',
  viii: '8',
  ix: '9',
  dr: 'doctor',
  mr: 'mister',
  st: 'saint',
  vs: 'versus',
  vol: 'volume',
  pt: 'part',
  jr: 'junior',
};

/** The words with numbers as digits and abbreviations spelled out ("Iron Man Three" = "Iron Man 3"). */
export function foldEquivalents(words: string[]): string[] {
  return words.map((w) => EQUIVALENT[w] ?? w);
}

export interface NameForms {
  /** Spaced forms, with the article and without (one entry when there is no article). */
  spaced: string[];
  /** The same without spaces: what the trigram index and exact keys hold. */
  compact: string[];
}

/** Every form of one title under which it can be found (numbers and abbreviations folded too). */
export function nameForms(title: string): NameForms {
  const words = titleWords(title);
  const bare = withoutArticle(words);
  const spaced = bare === words ? [words.join(' ')] : [words.join(' '), bare.join(' ')];
  const folded = foldEquivalents(bare).join(' ');
  if (!spaced.includes(folded)) spaced.push(folded);
  return { spaced, compact: spaced.map((s) => s.replaceAll(' ', '')) };
}

/** Compact form: the key exact matches compare. */
export function compactKey(title: string): string {
  return withoutArticle(titleWords(title)).join('');
}

/** The same with numbers and abbreviations folded (a name form too: see nameForms). */
export function foldedKey(title: string): string {
  return foldEquivalents(withoutArticle(titleWords(title))).join('');
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
