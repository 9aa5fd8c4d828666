// Title normalisation, MovieLens names, edit distances, typo variants and query parsing: the pieces
// every search and every Letterboxd match rely on.
import { describe, expect, it } from 'vitest';
import { editDistance, prefixDistance } from '../../main/search/distance.ts';
import {
  compactKey,
  foldedKey,
  movieLensNames,
  nameForms,
  titleWords,
  uninvert,
} from '../../main/catalogue/normalise.ts';
import { parseQuery, tierOf } from '../../main/search/rank.ts';
import { trigramsOf } from '../../main/search/trigrams.ts';
import { oneEdit } from '../../main/search/typos.ts';

describe('normalise', () => {
  it('folds accents, case and joiners, and reads articles in any place', () => {
    expect(titleWords('Amélie')).toEqual(['amelie']);
    expect(compactKey('The Matrix')).toBe('matrix');
    expect(compactKey('Matrix, The')).toBe('matrix');
    expect(compactKey('Fabuleux destin d\u2019Amélie Poulain, Le')).toBe(
      compactKey("Le fabuleux destin d'Amélie Poulain"),
    );
    expect(compactKey('WALL·E')).toBe('walle');
    expect(compactKey('Wall-E')).toBe('walle');
    expect(compactKey('M*A*S*H')).toBe('mash');
    expect(compactKey('Se7en')).toBe('se7en');
    expect(compactKey('Fast & Furious')).toBe('fastandfurious');
    expect(compactKey("L'Avventura")).toBe(compactKey("Avventura, L'"));
    expect(compactKey('Ærø straße')).toBe('aerostrasse');
    expect(titleWords('?!')).toEqual([]);
    expect(compactKey('A')).toBe('a'); // an article alone is the title
  });

  it('folds numbers and abbreviations for matching', () => {
    expect(foldedKey('Iron Man Three')).toBe(foldedKey('Iron Man 3'));
    expect(foldedKey('Men in Black III')).toBe(foldedKey('Men in Black 3'));
    expect(foldedKey('Dr. Dolittle')).toBe(foldedKey('Doctor Dolittle'));
    expect(nameForms('Iron Man Three').compact).toEqual(['ironmanthree', 'ironman3']);
    expect(nameForms('The Matrix').spaced).toEqual(['the matrix', 'matrix']);
  });

  it('splits a MovieLens title into its name and the names in its parentheses', () => {
    expect(movieLensNames("Amelie (Fabuleux destin d'Amélie Poulain, Le)")).toEqual({
      main: 'Amelie',
      alternates: ["Le Fabuleux destin d'Amélie Poulain"],
    });
    expect(movieLensNames('Seven (a.k.a. Se7en)')).toEqual({ main: 'Seven', alternates: ['Se7en'] });
    expect(movieLensNames('Seventh Seal, The (Sjunde inseglet, Det)').main).toBe('The Seventh Seal');
    expect(movieLensNames('(500) Days of Summer')).toEqual({ main: '(500) Days of Summer', alternates: [] });
    expect(uninvert("Avventura, L'")).toBe("L'Avventura");
  });
});

describe('distances and variants', () => {
  it('counts edits, a swap of neighbours as one', () => {
    expect(editDistance('matrx', 'matrix')).toBe(1);
    expect(editDistance('wras', 'wars')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyzxyz', 1)).toBe(2); // gave up past the bound
    expect(prefixDistance('matr', 'matrix')).toBe(0);
    expect(prefixDistance('mtar', 'matrix')).toBe(1);
  });

  it('lists every one-edit variant of a word', () => {
    const v = oneEdit('rigns');
    for (const w of ['rings', 'rigs', 'reigns', 'signs']) expect(v.has(w), w).toBe(true);
    expect(v.has('rigns')).toBe(false);
    expect(trigramsOf('^dune$')).toEqual(['^du', 'dun', 'une', 'ne$']);
    expect(trigramsOf('ab')).toEqual([]);
    // Three code points, as SQLite's trigram tokenizer cuts them, with or without surrogate pairs.
    expect(trigramsOf('^é🎬x$')).toEqual(['^é🎬', 'é🎬x', '🎬x$']);
    expect(trigramsOf('^ééé^ééé')).toEqual(['^éé', 'ééé', 'éé^', 'é^é']);
  });
});

describe('query parsing and match quality', () => {
  it('reads a trailing year as a preference, not as text', () => {
    expect(parseQuery('Dune 1984')).toMatchObject({ bare: ['dune'], year: 1984 });
    expect(parseQuery('1984')).toMatchObject({ bare: ['1984'], year: null });
    expect(parseQuery('  ')).toBeNull();
  });

  it('ranks exact, prefix, word starts and substrings apart', () => {
    const q = parseQuery('the matrix')!;
    expect(tierOf(q, ['the matrix', 'matrix'])).toBe(0);
    expect(tierOf(q, ['the matrix reloaded', 'matrix reloaded'])).toBe(1);
    expect(tierOf(parseQuery('rings lord')!, ['the lord of the rings', 'lord of the rings'])).toBe(2);
    expect(tierOf(q, ['the animatrix', 'animatrix'])).toBe(3);
    expect(tierOf(q, ['heat'])).toBe(4);
  });
});
