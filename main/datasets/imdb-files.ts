// Recognises IMDb dataset files (.tsv or .tsv.gz) by their header line, and opens them as byte
// streams with a count of the bytes read from disk (gzip sizes are what the progress bar knows).
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createGunzip, gunzipSync } from 'node:zlib';
import { badFile } from '../files/errors.ts';
import { describeMagic } from './parse/sources.ts';

export type ImdbKind = 'basics' | 'ratings' | 'principals' | 'crew' | 'names';

export const IMDB_HEADERS: Record<ImdbKind, string[]> = {
  basics: [
    'tconst',
    'titleType',
    'primaryTitle',
    'originalTitle',
    'isAdult',
    'startYear',
    'endYear',
    'runtimeMinutes',
    'genres',
  ],
  ratings: ['tconst', 'averageRating', 'numVotes'],
  principals: ['tconst', 'ordering', 'nconst', 'category', 'job', 'characters'],
  crew: ['tconst', 'directors', 'writers'],
  names: ['nconst', 'primaryName', 'birthYear', 'deathYear', 'primaryProfession', 'knownForTitles'],
};

export const IMDB_FILE_NAMES: Record<ImdbKind, string> = {
  basics: 'title.basics.tsv.gz',
  ratings: 'title.ratings.tsv.gz',
  principals: 'title.principals.tsv.gz',
  crew: 'title.crew.tsv.gz',
  names: 'name.basics.tsv.gz',
};

export interface ImdbFile {
  path: string;
  kind: ImdbKind;
  gzip: boolean;
  size: number;
  mtime: Date;
}

/** Expands folders to the IMDb files inside them and identifies every file by its header. */
export async function findImdbFiles(paths: string[]): Promise<ImdbFile[]> {
  const files: ImdbFile[] = [];
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) throw badFile(p, 'no such file or folder.');
    if (info.isDirectory()) {
      const inside = (await readdir(p)).filter((n) => /\.tsv(\.gz)?$/.test(n)).sort();
      for (const n of inside) {
        const f = await identifyImdb(join(p, n));
        if (f) files.push(f);
      }
      continue;
    }
    const f = await identifyImdb(p);
    if (!f) {
      const expected = Object.entries(IMDB_FILE_NAMES)
        .map(([k, name]) => `${name} ("${IMDB_HEADERS[k as ImdbKind].slice(0, 3).join('\\t')}...")`)
        .join(', ');
      throw badFile(p, `line 1: expected the header of an IMDb dataset file: one of ${expected}.`);
    }
    files.push(f);
  }
  const seen = new Set<ImdbKind>();
  for (const f of files) {
    if (seen.has(f.kind))
      throw badFile(
        f.path,
        `is a second ${IMDB_FILE_NAMES[f.kind]} in the same import; give each file once.`,
      );
    seen.add(f.kind);
  }
  if (files.length === 0)
    throw badFile(
      paths.join(', '),
      'holds no IMDb dataset files (title.basics, title.ratings, title.principals, title.crew, name.basics as .tsv or .tsv.gz).',
    );
  const order: ImdbKind[] = ['basics', 'ratings', 'principals', 'crew', 'names'];
  return files.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind));
}

async function identifyImdb(path: string): Promise<ImdbFile | null> {
  const fh = await open(path, 'r');
  let head: Buffer;
  const info = await stat(path);
  try {
    const buf = Buffer.alloc(16 * 1024);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    head = buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  let text: string;
  if (gzip) {
    try {
      text = gunzipSync(head, { finishFlush: 2 }).toString('utf8');
    } catch (err) {
      throw badFile(path, `is not a readable gzip file (${(err as Error).message}).`);
    }
  } else {
    if (head.subarray(0, 64).some((b) => b === 0))
      throw badFile(
        path,
        `expected an IMDb .tsv or .tsv.gz file, but it starts with ${describeMagic(head)}.`,
      );
    text = head.toString('utf8');
  }
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  for (const [kind, header] of Object.entries(IMDB_HEADERS) as [ImdbKind, string[]][]) {
    if (first === header.join('\t')) return { path, kind, gzip, size: info.size, mtime: info.mtime };
  }
  return null;
}

export function openImdb(file: ImdbFile): { stream: Readable; rawBytes(): number } {
  const raw = createReadStream(file.path, { highWaterMark: 1 << 20 });
  let n = 0;
  raw.on('data', (c) => (n += c.length));
  if (!file.gzip) return { stream: raw, rawBytes: () => n };
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  raw.on('error', (err) => gunzip.destroy(err));
  return { stream: raw.pipe(gunzip), rawBytes: () => n };
}
