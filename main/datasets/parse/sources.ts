// Where MovieLens files come from: a folder (or a folder with one dataset folder inside) or the
// official .zip, read entry by entry as streams (never unzipped to disk). A truncated or foreign
// file is reported by name with what was expected.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { badFile } from '../../files/errors.ts';
import { identifyFile, readHead } from '../../files/identify.ts';
import { describeKind } from '../../files/router.ts';
import type { FileKind } from '../../files/types.ts';

const kindHint: Partial<Record<FileKind, string>> = {
  'imdb-export-csv': 'import it with `import-ratings` (or drop it on the window)',
  'imdb-tsv': 'import it with `ingest imdb`',
};

export interface SourceEntry {
  /** File name without folders, e.g. 'ratings.csv'. */
  name: string;
  /** How error messages name it: the path, or 'ml-25m.zip › ml-25m/ratings.csv'. */
  label: string;
  /** Uncompressed size in bytes (for progress). */
  size: number;
  /** What the file should be, for errors: "a ratings file". */
  what?: string;
  /** The file on disk when the entry is a plain file (not inside a zip): a worker can read it itself. */
  path?: string;
  open(): Promise<Readable>;
}

/** "a ratings file", "a MovieLens movies.csv file". */
function movieLensWhat(name: string): string {
  return name === 'ratings.csv' ? 'a ratings file' : `a MovieLens ${name} file`;
}

export interface Source {
  path: string;
  /** e.g. 'ml-latest-small' (the folder or zip name). */
  version: string;
  entries: Map<string, SourceEntry>;
  close(): void;
}

export async function openSource(path: string): Promise<Source> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw badFile(path, 'no such file or folder.');
  }
  if (info.isDirectory()) return openFolder(path);
  const head = await readHead(path, 8);
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05)) return openZip(path);
  // Say what the file is when we can tell (e.g. a ratings export given to `ingest movielens`).
  const kind = await identifyFile(path).catch(() => 'unknown' as const);
  const hint =
    kind === 'unknown'
      ? ''
      : ` It looks like ${describeKind(kind)}${kindHint[kind] ? `: ${kindHint[kind]}` : ''}.`;
  throw badFile(
    path,
    `expected a MovieLens folder or .zip (a zip file starts with the bytes "PK"), but this file starts with ${describeMagic(head)}.${hint}`,
  );
}

async function openFolder(path: string): Promise<Source> {
  let dir = path;
  let names = await readdir(dir);
  if (!names.includes('ratings.csv')) {
    // A parent folder holding exactly one dataset folder (e.g. Downloads/ml-25m/ml-25m).
    const inner = [];
    for (const n of names) {
      if (
        (await stat(join(dir, n)).catch(() => null))?.isDirectory() &&
        (await readdir(join(dir, n))).includes('ratings.csv')
      )
        inner.push(n);
    }
    if (inner.length === 1) {
      dir = join(dir, inner[0]!);
      names = await readdir(dir);
    }
  }
  const entries = new Map<string, SourceEntry>();
  for (const name of names) {
    if (!name.endsWith('.csv')) continue;
    const file = join(dir, name);
    const s = await stat(file);
    if (!s.isFile()) continue;
    entries.set(name, {
      name,
      label: file,
      size: s.size,
      what: movieLensWhat(name),
      path: file,
      open: async () => createReadStream(file, { highWaterMark: 1 << 20 }),
    });
  }
  return { path, version: basename(dir), entries, close() {} };
}

async function openZip(path: string): Promise<Source> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false });
  } catch (err) {
    throw badFile(
      path,
      `is not a complete zip file (${(err as Error).message}); was the download cut short? Download it again.`,
    );
  }
  let all: yauzl.Entry[];
  try {
    all = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        list.push(e);
        zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', (err: Error) => reject(badFile(path, `is a damaged zip file (${err.message}).`)));
      zip.readEntry();
    });
  } catch (err) {
    zip.close();
    throw err;
  }
  const entries = new Map<string, SourceEntry>();
  let version = basename(path).replace(/\.zip$/i, '');
  for (const e of all) {
    if (e.fileName.endsWith('/')) continue;
    const name = e.fileName.split('/').pop()!;
    if (!name.endsWith('.csv') || entries.has(name)) continue;
    if (e.fileName.includes('/')) version = e.fileName.split('/')[0]!;
    const label = `${basename(path)} › ${e.fileName}`;
    entries.set(name, {
      name,
      label,
      size: e.uncompressedSize,
      what: movieLensWhat(name),
      open: async () => {
        try {
          return await zip.openReadStreamPromise(e);
        } catch (err) {
          throw badFile(
            label,
            `cannot be read from the zip (${(err as Error).message}); the zip may be truncated.`,
          );
        }
      },
    });
  }
  return { path, version, entries, close: () => zip.close() };
}

export function describeMagic(head: Buffer): string {
  if (head.length === 0) return 'nothing (it is empty)';
  if (head[0] === 0x89 && head.toString('latin1', 1, 4) === 'PNG') return 'the PNG image signature';
  if (head[0] === 0xff && head[1] === 0xd8) return 'the JPEG image signature';
  if (head.toString('latin1', 0, 4) === 'GIF8') return 'the GIF image signature';
  if (head.toString('latin1', 0, 4) === '%PDF') return 'the PDF signature';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'the gzip signature';
  return `the bytes ${[...head.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}
