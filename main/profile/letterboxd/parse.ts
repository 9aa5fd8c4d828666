// Reads a Letterboxd export: the .zip (ratings.csv at its root, else diary.csv) or one of those CSVs
// (`Date,Name,Year,Letterboxd URI,Rating`, the diary adding Rewatch, Tags and Watched Date). Columns
// are found by name. Stars (0.5-5) become the user's 1-10 scale (x2); a film logged several times in
// the diary keeps its latest rated entry. A file that is not such an export fails with BAD_FILE
// naming the file, the line and what was expected; nothing is imported then.
import { readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../../errors.ts';
import { badLine } from '../../files/errors.ts';
import { readHead } from '../../files/identify.ts';
import { readCsv } from '../../files/csv.ts';
import type { LetterboxdEntry } from './types.ts';

const MAX_BYTES = 64 * 1024 * 1024;

export interface ParsedLetterboxd {
  file: string;
  source: 'ratings.csv' | 'diary.csv';
  entries: LetterboxdEntry[];
  /** Rows without a rating (diary entries of a film watched but not rated). */
  unrated: number;
  /** Further rated entries of a film already seen (the latest one counts). */
  duplicates: number;
}

const key = (cell: string) => cell.toLowerCase().replace(/[^a-z]/g, '');

export async function readLetterboxdFile(path: string): Promise<ParsedLetterboxd> {
  const name = basename(path);
  let head: Buffer;
  try {
    head = await readHead(path, 4);
    if (head[0] === 0x50 && head[1] === 0x4b) {
      const { entry, text } = await fromZip(path, name);
      return parseLetterboxd(text, `${name} › ${entry}`, entry);
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('BAD_FILE', `${name}: cannot be read (${(err as Error).message}).`);
  }
  const buf = statSync(path).size > MAX_BYTES ? null : readFileSync(path);
  if (!buf || !isUtf8(buf))
    throw new AppError(
      'BAD_FILE',
      `${name}: not a Letterboxd export; expected its .zip, or ratings.csv / diary.csv (UTF-8 text). Nothing was imported.`,
    );
  const text = buf.toString('utf8');
  const source = /watched date/i.test(text.slice(0, 200)) ? 'diary.csv' : 'ratings.csv';
  return parseLetterboxd(text, name, source);
}

/** ratings.csv (one row per rated film) from the export's root, else diary.csv. */
async function fromZip(
  path: string,
  name: string,
): Promise<{ entry: 'ratings.csv' | 'diary.csv'; text: string }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (err) {
    throw new AppError('BAD_FILE', `${name}: not a complete zip file (${(err as Error).message}).`);
  }
  try {
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: yauzl.Entry) => {
        entries.set(e.fileName, e);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', (err: Error) =>
        reject(new AppError('BAD_FILE', `${name}: a damaged zip file (${err.message}).`)),
      );
      zip.readEntry();
    });
    const entry = (['ratings.csv', 'diary.csv'] as const).find((n) => entries.has(n));
    if (!entry)
      throw new AppError(
        'BAD_FILE',
        `${name}: holds no ratings.csv or diary.csv at its top level; expected the .zip Letterboxd exports (Settings → Import & Export → Export your data). Nothing was imported.`,
      );
    const e = entries.get(entry)!;
    if (e.uncompressedSize > MAX_BYTES)
      throw new AppError('BAD_FILE', `${name} › ${entry}: far larger than any Letterboxd export.`);
    const stream = await zip.openReadStreamPromise(e);
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const buf = Buffer.concat(chunks);
    if (!isUtf8(buf)) throw new AppError('BAD_FILE', `${name} › ${entry}: not UTF-8 text.`);
    return { entry, text: buf.toString('utf8') };
  } finally {
    zip.close();
  }
}

export function parseLetterboxd(
  text: string,
  file: string,
  source: ParsedLetterboxd['source'],
): ParsedLetterboxd {
  const records = readCsv(text, file);
  const first = records.next();
  if (first.done)
    throw new AppError(
      'BAD_FILE',
      `${file}: the file is empty; expected a Letterboxd export. Nothing was imported.`,
    );
  const header = first.value.fields.map(key);
  const col = (k: string) => header.indexOf(k);
  const c = {
    name: col('name'),
    year: col('year'),
    rating: col('rating'),
    date: col('date'),
    watched: col('watcheddate'),
    uri: col('letterboxduri'),
  };
  if (c.name < 0 || c.year < 0 || c.uri < 0)
    throw badLine(
      file,
      first.value.line,
      'the header of a Letterboxd export (Date,Name,Year,Letterboxd URI,Rating)',
      first.value.fields.join(','),
    );
  if (c.rating < 0)
    throw new AppError(
      'BAD_FILE',
      `${file}: a Letterboxd list without ratings (no Rating column); import ratings.csv, diary.csv or the whole .zip. Nothing was imported.`,
    );
  const byFilm = new Map<string, LetterboxdEntry>();
  let unrated = 0;
  let duplicates = 0;
  for (const { line, fields } of records) {
    if (fields.length === 1 && fields[0]!.trim() === '') continue;
    if (fields.length !== header.length)
      throw badLine(
        file,
        line,
        `${header.length} comma-separated fields like the header`,
        `${fields.length} fields: ${fields.join(',')}`,
      );
    const cell = (i: number) => (i >= 0 ? (fields[i] ?? '').trim() : '');
    const name = cell(c.name);
    if (name === '') throw badLine(file, line, 'a film name in the Name column', '(empty)');
    const yearText = cell(c.year);
    if (yearText !== '' && !/^\d{4}$/.test(yearText))
      throw badLine(file, line, 'a four-digit Year (or nothing)', yearText);
    const ratingText = cell(c.rating);
    if (ratingText === '') {
      unrated++;
      continue;
    }
    const stars = Number(ratingText);
    if (!(stars >= 0.5 && stars <= 5 && Number.isInteger(stars * 2)))
      throw badLine(file, line, 'a Rating from 0.5 to 5 stars in half stars', ratingText);
    const date = [cell(c.watched), cell(c.date)].find((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)) ?? null;
    const entry: LetterboxdEntry = {
      line,
      name,
      year: yearText ? Number(yearText) : null,
      rating: stars * 2,
      date,
    };
    // ratings.csv: a film is its URI; the diary's URIs name entries, so there a film is its name and year.
    const film = source === 'ratings.csv' && cell(c.uri) ? cell(c.uri) : `${name}\u0000${entry.year ?? ''}`;
    const seen = byFilm.get(film);
    if (seen) {
      duplicates++;
      if ((seen.date ?? '') > (entry.date ?? '')) continue;
    }
    byFilm.set(film, entry);
  }
  const entries = [...byFilm.values()].sort((a, b) => a.line - b.line);
  if (entries.length === 0)
    throw new AppError(
      'BAD_FILE',
      `${file}: a Letterboxd export with no rated films${unrated ? ` (${unrated} rows without a rating)` : ''}. Nothing was imported.`,
    );
  return { file, source, entries, unrated, duplicates };
}
