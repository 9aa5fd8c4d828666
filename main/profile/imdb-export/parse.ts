// Reads an IMDb "Your Ratings" export in every variant seen in the wild, matching columns by header
// name (never position): current quoted exports, older ones without Original Title, localised
// exports (title types in the user's language) and the legacy pre-2017 list export. Pure: text in,
// rows out; a file that is not an export fails with BAD_FILE naming the file, line and expectation.
import { readFileSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { basename } from 'node:path';
import { AppError } from '../../errors.ts';
import { badLine } from '../../files/errors.ts';
import { readCsv } from '../../files/csv.ts';
import { normaliseTitleType, type TitleType } from './title-types.ts';

import type { ExportFormat } from '../types.ts';
import { TCONST } from '../../catalogue/ids.ts';

export type { ExportFormat };

export interface ExportRow {
  line: number;
  tconst: string;
  /** 1..10 on the user's IMDb scale. */
  rating: number;
  /** YYYY-MM-DD, or null when the export has no date. */
  dateRated: string | null;
  title: string;
  originalTitle: string | null;
  /** The Title Type cell as written (e.g. `Serie TV`), and what it means. */
  rawType: string;
  titleType: TitleType;
  year: number | null;
  endYear: number | null;
  imdbRating: number | null;
  numVotes: number | null;
  runtimeMinutes: number | null;
  genres: string;
  directors: string;
}

export interface ParsedExport {
  file: string;
  format: ExportFormat;
  rows: ExportRow[];
  /** Rows per Title Type cell as written, and per normalised type. */
  rawTypeCounts: Record<string, number>;
  typeCounts: Partial<Record<TitleType, number>>;
  /** Rows without a rating (a list export can hold unrated titles): not imported. */
  unrated: number;
  /** Later rows for a tconst already seen (the later one wins). */
  duplicates: number;
}

const MAX_BYTES = 64 * 1024 * 1024;

// Header cells are compared lower-case with everything but letters and digits removed.
const columns = {
  tconst: ['const', 'tconst'],
  rating: ['yourrating', 'yourated'],
  dateRated: ['daterated', 'created'],
  title: ['title'],
  originalTitle: ['originaltitle'],
  titleType: ['titletype'],
  year: ['year'],
  imdbRating: ['imdbrating'],
  numVotes: ['numvotes'],
  runtime: ['runtimemins'],
  genres: ['genres'],
  directors: ['directors'],
  url: ['url'],
  position: ['position'],
} as const;
type Column = keyof typeof columns;

const headerKey = (cell: string): string => cell.toLowerCase().replace(/[^a-z0-9]/g, '');

export function readExportFile(path: string): ParsedExport {
  const name = basename(path);
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new AppError('BAD_FILE', `${name}: cannot be read (${(err as Error).message}).`);
  }
  if (buf.length > MAX_BYTES) {
    throw new AppError(
      'BAD_FILE',
      `${name}: ${(buf.length / 1e6).toFixed(0)} MB is far larger than any IMDb ratings export; expected a .csv of a few MB at most.`,
    );
  }
  if (!isUtf8(buf)) {
    throw new AppError(
      'BAD_FILE',
      `${name}: not UTF-8 text; expected the .csv IMDb exports (Your Ratings → Export). Nothing was imported.`,
    );
  }
  return parseExport(buf.toString('utf8'), name);
}

export function parseExport(text: string, file: string): ParsedExport {
  const records = readCsv(text, file);
  const first = records.next();
  if (first.done)
    throw new AppError(
      'BAD_FILE',
      `${file}: the file is empty; expected an IMDb ratings export with a header line (Const, Your Rating, ...). Nothing was imported.`,
    );
  const header = first.value.fields.map(headerKey);
  const col = {} as Record<Column, number>;
  for (const [name, keys] of Object.entries(columns) as [Column, readonly string[]][]) {
    col[name] = header.findIndex((h) => keys.includes(h));
  }
  if (col.tconst < 0 || col.rating < 0) {
    throw badLine(
      file,
      first.value.line,
      'the header of an IMDb ratings export, with the columns "Const" and "Your Rating" (or "const" and "You rated" in the old list export)',
      first.value.fields.join(','),
    );
  }
  const format: ExportFormat =
    col.position >= 0 ? 'legacy-list' : col.originalTitle >= 0 ? 'current' : 'classic';
  const width = header.length;
  const cell = (fields: string[], c: Column): string => (col[c] >= 0 ? (fields[col[c]] ?? '').trim() : '');

  const byConst = new Map<string, ExportRow>();
  let unrated = 0;
  let duplicates = 0;
  for (const { line, fields } of records) {
    if (fields.length !== width) {
      throw badLine(
        file,
        line,
        `${width} comma-separated fields like the header`,
        `${fields.length} fields: ${fields.join(',')}`,
      );
    }
    const tconst = cell(fields, 'tconst');
    if (!TCONST.test(tconst))
      throw badLine(file, line, 'an IMDb title id like tt0133093 in the Const column', tconst);
    const ratingText = cell(fields, 'rating');
    if (ratingText === '') {
      unrated++;
      continue;
    }
    const rating = Number(ratingText);
    if (!Number.isInteger(rating) || rating < 1 || rating > 10) {
      throw badLine(file, line, 'a rating from 1 to 10 in the "Your Rating" column', ratingText);
    }
    const rawType = cell(fields, 'titleType');
    const years = parseYears(cell(fields, 'year'));
    const row: ExportRow = {
      line,
      tconst,
      rating,
      dateRated: parseDate(cell(fields, 'dateRated')),
      title: cell(fields, 'title'),
      originalTitle: col.originalTitle >= 0 ? cell(fields, 'originalTitle') || null : null,
      rawType,
      // An export without a Title Type column (a short-lived 2020 variant) holds films.
      titleType: rawType ? normaliseTitleType(rawType) : 'movie',
      year: years.start,
      endYear: years.end,
      imdbRating: numberOrNull(cell(fields, 'imdbRating')),
      numVotes: numberOrNull(cell(fields, 'numVotes')),
      runtimeMinutes: numberOrNull(cell(fields, 'runtime')),
      genres: cell(fields, 'genres'),
      directors: cell(fields, 'directors'),
    };
    const seen = byConst.get(tconst);
    if (seen) {
      duplicates++;
      if ((seen.dateRated ?? '') > (row.dateRated ?? '')) continue;
    }
    byConst.set(tconst, row);
  }
  const rows = [...byConst.values()];
  if (rows.length === 0) {
    throw new AppError(
      'BAD_FILE',
      `${file}: has the header of an IMDb export but no rated titles${unrated ? ` (${unrated} rows without a rating: a watchlist or list export?)` : ''}; expected your ratings export (Your Ratings → Export). Nothing was imported.`,
    );
  }
  const rawTypeCounts: Record<string, number> = {};
  const typeCounts: Partial<Record<TitleType, number>> = {};
  for (const r of rows) {
    const raw = r.rawType || '(none)';
    rawTypeCounts[raw] = (rawTypeCounts[raw] ?? 0) + 1;
    typeCounts[r.titleType] = (typeCounts[r.titleType] ?? 0) + 1;
  }
  return { file, format, rows, rawTypeCounts, typeCounts, unrated, duplicates };
}

/** `2013`, `2013–2023` (en dash, as IMDb writes series), `2013-2023`, or `2013–` (still running). */
export function parseYears(text: string): { start: number | null; end: number | null } {
  const m = /^(\d{4})(?:\s*[–—-]\s*(\d{4})?)?$/.exec(text);
  if (!m) return { start: null, end: null };
  return { start: Number(m[1]), end: m[2] ? Number(m[2]) : null };
}

const months: Record<string, string> = {
  jan: '01',
  feb: '02',
  mar: '03',
  apr: '04',
  may: '05',
  jun: '06',
  jul: '07',
  aug: '08',
  sep: '09',
  oct: '10',
  nov: '11',
  dec: '12',
};

/** `2025-03-15`, or the legacy export's ctime form `Sun Jan 29 00:00:00 2017`. */
export function parseDate(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text.slice(0, 10);
  const m = /^[A-Za-z]{3}\s+([A-Za-z]{3})\s+(\d{1,2})\s+[\d:]+\s+(\d{4})$/.exec(text);
  const month = m ? months[m[1]!.toLowerCase()] : undefined;
  if (!m || !month) return null;
  return `${m[3]}-${month}-${m[2]!.padStart(2, '0')}`;
}

function numberOrNull(text: string): number | null {
  if (text === '') return null;
  const n = Number(text.replace(/,/g, ''));
  return Number.isFinite(n) ? n : null;
}
