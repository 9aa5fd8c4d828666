// Recognises a dropped file by its content (magic bytes and header line), never by its name, so
// `Downloads/ratings (1).csv` and a renamed zip are still routed correctly.
import { open, stat } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import type { FileKind } from './types.ts';

const SNIFF_BYTES = 64 * 1024;

export async function identifyFile(path: string): Promise<FileKind> {
  const info = await stat(path);
  if (info.isDirectory()) return 'movielens-folder';
  const head = await readHead(path);
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return zipKind(path);
  let text: string;
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      text = gunzipSync(head, { finishFlush: 2 /* Z_SYNC_FLUSH: tolerate a cut-off stream */ }).toString(
        'utf8',
      );
    } catch {
      return 'unknown';
    }
  } else {
    text = head.toString('utf8');
  }
  return classifyHeader(firstLine(text));
}

export function firstLine(text: string): string {
  const noBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const end = noBom.search(/\r?\n/);
  return end === -1 ? noBom : noBom.slice(0, end);
}

export function classifyHeader(line: string): FileKind {
  const plain = line.replace(/"/g, '').trim();
  if (/^userId,movieId,rating,timestamp$/.test(plain)) return 'movielens-ratings-csv';
  if (/^movieId,title,genres$/.test(plain)) return 'movielens-movies-csv';
  if (/^movieId,imdbId,tmdbId$/.test(plain)) return 'movielens-links-csv';
  if (/^userId,movieId,tag,timestamp$/.test(plain)) return 'movielens-tags-csv';
  if (/^(tconst|nconst)\t/.test(line)) return 'imdb-tsv';
  // Letterboxd: Date,Name,Year,Letterboxd URI[,Rating...] (ratings, diary, watched, watchlist).
  const cells = plain.split(',').map((c) => c.trim().toLowerCase());
  if (cells.includes('name') && cells.includes('year') && cells.includes('letterboxd uri'))
    return 'letterboxd-csv';
  // Exports are matched by column names, in any order: a 'Const' column plus the rating column of
  // the current ('Your Rating') or legacy list ('You rated') format.
  const columns = new Set(
    plain
      .toLowerCase()
      .split(',')
      .map((c) => c.trim()),
  );
  if (columns.has('const') && (columns.has('your rating') || columns.has('you rated')))
    return 'imdb-export-csv';
  return 'unknown';
}

/** The first bytes of a file (fewer if it is shorter). */
export async function readHead(path: string, bytes = SNIFF_BYTES): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Files only a Letterboxd export has at its top level (a MovieLens zip keeps its CSVs in a folder). */
const LETTERBOXD_FILES = new Set(['diary.csv', 'watched.csv', 'profile.csv', 'watchlist.csv', 'reviews.csv']);

/** A Letterboxd export or (anything else, damaged zips included, for its importer to explain) MovieLens. */
async function zipKind(path: string): Promise<FileKind> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch {
    return 'movielens-zip';
  }
  try {
    return await new Promise<FileKind>((resolve) => {
      zip.on('entry', (e: yauzl.Entry) => {
        if (LETTERBOXD_FILES.has(e.fileName)) resolve('letterboxd-zip');
        else zip.readEntry();
      });
      zip.on('end', () => resolve('movielens-zip'));
      zip.on('error', () => resolve('movielens-zip'));
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
}
