// Letterboxd exports written at test time (no Letterboxd file exists in ../shared, and none is kept
// in the repository): ratings.csv, diary.csv and the export .zip in Letterboxd's exact layout.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipBuffer } from './zip-writer.ts';

export interface LetterboxdRow {
  name: string;
  year: number | null;
  /** Half stars, 0.5..5, or null for a diary entry logged without a rating. */
  stars: number | null;
  date: string;
}

const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
const uri = (i: number) => `https://boxd.it/${(1_000_000 + i * 7919).toString(36)}`;

export function ratingsCsv(rows: LetterboxdRow[]): string {
  return (
    'Date,Name,Year,Letterboxd URI,Rating\n' +
    rows.map((r, i) => [r.date, quote(r.name), r.year ?? '', uri(i), r.stars ?? ''].join(',')).join('\n') +
    '\n'
  );
}

export function diaryCsv(rows: LetterboxdRow[]): string {
  return (
    'Date,Name,Year,Letterboxd URI,Rating,Rewatch,Tags,Watched Date\n' +
    rows
      .map((r, i) =>
        [r.date, quote(r.name), r.year ?? '', uri(i + 5000), r.stars ?? '', '', '', r.date].join(','),
      )
      .join('\n') +
    '\n'
  );
}

/** The export .zip: ratings.csv, diary.csv, watched.csv and profile.csv at its top level. */
export function writeLetterboxdZip(path: string, rows: LetterboxdRow[]): string {
  const watched =
    'Date,Name,Year,Letterboxd URI\n' +
    rows.map((r, i) => [r.date, quote(r.name), r.year ?? '', uri(i)].join(',')).join('\n') +
    '\n';
  writeFileSync(
    path,
    zipBuffer([
      {
        name: 'profile.csv',
        data: Buffer.from('Date Joined,Username,Given Name\n2020-01-01,someone,Some\n'),
      },
      { name: 'ratings.csv', data: Buffer.from(ratingsCsv(rows)) },
      { name: 'diary.csv', data: Buffer.from(diaryCsv(rows)) },
      { name: 'watched.csv', data: Buffer.from(watched) },
      { name: 'deleted/diary.csv', data: Buffer.from('Date,Name,Year,Letterboxd URI,Rating\n') },
    ]),
  );
  return path;
}

export function writeRatingsCsv(dir: string, rows: LetterboxdRow[], name = 'ratings.csv'): string {
  const path = join(dir, name);
  writeFileSync(path, ratingsCsv(rows));
  return path;
}
