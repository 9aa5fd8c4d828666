// IMDb non-commercial datasets (title.basics, title.ratings, title.principals, title.crew,
// name.basics; .tsv or .tsv.gz, streamed). TSV with no quoting and \N for null. Keeps only what the
// app uses: films, TV films, series and specials (not the ~9M episodes), directors, the first-billed
// cast of the titles in the catalogue, the directors and writers of the catalogue's titles above the
// vote floor (imdb-crew.ts), and those people's names.
import type { Database } from 'better-sqlite3';
import { closeSync, openSync, readSync } from 'node:fs';
import { throwIfCancelled } from '../jobs/registry.ts';
import type { AppContext } from '../services/context.ts';
import { badFile, badLine } from '../files/errors.ts';
import { findImdbFiles, IMDB_HEADERS, openImdb, type ImdbFile, type ImdbKind } from './imdb-files.ts';
import { assertUtf8 } from './parse/lines.ts';
import { ByteProgress, eachRegion, type IngestOptions } from './parse/read.ts';
import type { SourceEntry } from './parse/sources.ts';
import { createStaging, stageDerived, STAGING_PREFIX, swap, type DatasetRecord } from './store.ts';
import { abandonImport, runImport } from './exclusive.ts';
import { assertFreeSpace, type SpaceGuard } from '../db/space.ts';
import type { IngestResult } from './types.ts';
import { crewRows, crewTitles, DEFAULT_MIN_VOTES, type CrewCounts } from './imdb-crew.ts';

export const KEPT_TITLE_TYPES = new Set(['movie', 'tvMovie', 'tvSeries', 'tvMiniSeries', 'tvSpecial']);

const TABLE: Record<ImdbKind, string> = {
  basics: 'imdb_titles',
  ratings: 'imdb_ratings',
  principals: 'imdb_principals',
  crew: 'imdb_crew',
  names: 'imdb_names',
};
const DATASET_KIND: Record<ImdbKind, string> = {
  basics: 'imdb-basics',
  ratings: 'imdb-ratings',
  principals: 'imdb-principals',
  crew: 'imdb-crew',
  names: 'imdb-names',
};
const COUNT_NAME: Record<ImdbKind, keyof IngestResult> = {
  basics: 'titles',
  ratings: 'imdbRatings',
  principals: 'directors',
  crew: 'crewTitles',
  names: 'names',
};

export function ingestImdb(
  app: AppContext,
  paths: string[],
  opts: IngestOptions = {},
): Promise<IngestResult> {
  return runImport(app, opts, () => run(app, paths, opts));
}

/** Stored bytes per uncompressed byte, measured on the shared samples (title.ratings: 12.9 MB ->
 * 39.6 MB with its index); basics, principals and names keep a fraction of the rows of the full
 * files (no episodes; directors and four cast per catalogue title). principals: a kept row costs
 * ~0.9 of its text (sample2000: 476 KB -> 430 KB, nearly every row kept), and the full file keeps
 * roughly one row in eight (directors, plus four cast of ~1M catalogue titles out of ~90M rows):
 * 0.2 leaves room. Plus the WAL. */
/** crew: the full file (~11M titles, ~370 MB) keeps the catalogue's few hundred thousand titles. */
const BYTES_PER_BYTE: Record<ImdbKind, number> = {
  ratings: 3.2,
  basics: 0.5,
  principals: 0.2,
  crew: 0.1,
  names: 0.05,
};

function imdbBytesNeeded(files: ImdbFile[]): number {
  const bytes = files.reduce((n, f) => n + uncompressedSize(f) * BYTES_PER_BYTE[f.kind], 0);
  return Math.ceil(bytes + 4 * 1024 * 1024);
}

/** A gzip's last 4 bytes hold its uncompressed size mod 2^32 (the IMDb files are under 4 GB). */
function uncompressedSize(f: ImdbFile): number {
  if (!f.gzip) return f.size;
  const fd = openSync(f.path, 'r');
  try {
    const tail = Buffer.alloc(4);
    readSync(fd, tail, 0, 4, Math.max(0, f.size - 4));
    return Math.max(tail.readUInt32LE(0), f.size);
  } finally {
    closeSync(fd);
  }
}

async function run(app: AppContext, paths: string[], opts: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const files = await findImdbFiles(paths);
  const db = app.db;
  const tables = files.map((f) => TABLE[f.kind]);
  const needed = imdbBytesNeeded(files);
  const space = assertFreeSpace(app.dataDir, needed);
  const derived = app.derivedTables.flatMap((d) => d.tables);
  const progress = new ByteProgress(
    files.reduce((n, f) => n + f.size, 0),
    opts.onProgress,
    derived.length ? 0.75 : 0.95,
  );
  createStaging(db, tables);
  try {
    const records: DatasetRecord[] = [];
    const result: IngestResult = { seconds: 0 };
    const people: People = {
      ids: new Set(),
      directors: 0,
      cast: 0,
      kinds: new Set(files.map((f) => f.kind)),
      minVotes: opts.minVotes ?? DEFAULT_MIN_VOTES,
      crew: { titles: 0, directors: 0, writers: 0 },
    };
    for (const file of files) {
      const t0 = performance.now();
      const rows = await importFile(db, file, progress, people, space, opts.signal);
      progress.fileDone(file.path.split('/').pop()!, file.size);
      const counts: Partial<IngestResult> =
        file.kind === 'principals'
          ? { directors: people.directors, cast: people.cast }
          : file.kind === 'crew'
            ? {
                crewTitles: people.crew.titles,
                crewDirectors: people.crew.directors,
                crewWriters: people.crew.writers,
              }
            : { [COUNT_NAME[file.kind]]: rows };
      Object.assign(result, counts);
      records.push({
        kind: DATASET_KIND[file.kind],
        source: file.path,
        version: file.mtime.toISOString().slice(0, 10),
        counts,
        seconds: Math.round(performance.now() - t0) / 1000,
      });
    }
    throwIfCancelled(opts.signal);
    await stageDerived(db, app.derivedTables, tables, {
      signal: opts.signal,
      onProgress: (p) => progress.writing(p.message ?? 'Indexing', 0.9 * (p.fraction ?? 0)),
    });
    progress.writing('Swapping in the new data', 0.95);
    swap(db, tables, records, derived);
    result.matchedMovies = db
      .prepare<[], number>('SELECT count(*) FROM movies m JOIN imdb_ratings r ON r.tconst = m.tconst')
      .pluck()
      .get()!;
    result.seconds = Math.round(performance.now() - started) / 1000;
    return result;
  } catch (err) {
    throw abandonImport(app, [...tables, ...derived], err, needed);
  }
}

async function importFile(
  db: Database,
  file: ImdbFile,
  progress: ByteProgress,
  people: People,
  space: SpaceGuard,
  signal?: AbortSignal,
): Promise<number> {
  const header = IMDB_HEADERS[file.kind];
  const table = `staging_${TABLE[file.kind]}`;
  const label = file.path;
  const parse = rowParser(file.kind, label, people, db);
  const insert = db.prepare(
    `INSERT OR REPLACE INTO ${table} VALUES (${parse.columns.map(() => '?').join(',')})`,
  );
  let rawBytes = () => 0;
  const entry: SourceEntry = {
    name: file.path.split('/').pop()!,
    label,
    size: file.size,
    what: 'an IMDb dataset file',
    open: async () => {
      const opened = openImdb(file);
      rawBytes = opened.rawBytes;
      return opened.stream;
    },
  };
  let rows = 0;
  let headerSeen = false;
  let line = 1;
  await eachRegion(
    entry,
    signal,
    (region) => {
      assertUtf8(region, label, line);
      const lines = region.buf.toString('utf8').split('\n');
      // A region ends with '\n', so split leaves a last '' that is not a line.
      if (lines[lines.length - 1] === '') lines.pop();
      space.check();
      db.transaction(() => {
        for (const raw of lines) {
          const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
          if (!headerSeen) {
            headerSeen = true;
            if (text !== header.join('\t'))
              throw badLine(label, line, `the header "${header.join('\\t')}"`, text);
          } else if (text !== '') {
            const fields = text.split('\t');
            if (fields.length !== header.length) {
              throw badLine(
                label,
                line,
                `${header.length} tab-separated fields (${header.join(', ')}) but the line has ${fields.length}`,
                text,
              );
            }
            const row = parse.row(fields, line);
            if (row === null || row.length === 0) {
              // not kept
            } else if (Array.isArray(row[0])) {
              for (const r of row as Value[][]) insert.run(r);
              rows += row.length;
            } else {
              insert.run(row);
              rows++;
            }
          }
          line++;
        }
      })();
      progress.rows += lines.length;
      progress.reading(entry.name, rawBytes());
    },
    256 * 1024,
  );
  if (!headerSeen) throw badLine(label, 1, `the header "${header.join('\\t')}"`, '(empty file)');
  return rows;
}

type Value = string | number | null;

/** The people title.principals keeps (name.basics then keeps only their names), and how many rows. */
interface People {
  ids: Set<string>;
  directors: number;
  cast: number;
  /** The kinds of file in this import (a names import keeps the people of the others' live tables). */
  kinds: Set<ImdbKind>;
  /** The catalogue's vote floor (title.crew keeps the titles above it). */
  minVotes: number;
  crew: CrewCounts;
}

/** Cast rows kept per title: the first-billed, as the details panel shows them. */
export const CAST_PER_TITLE = 4;
const CAST_CATEGORIES = new Set(['actor', 'actress', 'self']);

/**
 * The titles whose cast is worth keeping: the catalogue's (title.basics staged by this import or
 * already loaded, and MovieLens' films). Without it the cast of ~9M episodes would be kept.
 */
function catalogueTitles(db: Database): Set<string> {
  const staging = STAGING_PREFIX + TABLE.basics;
  const staged = db
    .prepare<[string], number>("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(staging)!;
  const titles = staged ? staging : TABLE.basics;
  return new Set(
    db
      .prepare<[], string>(
        `SELECT tconst FROM ${titles} UNION SELECT tconst FROM movies WHERE tconst IS NOT NULL`,
      )
      .pluck()
      .all(),
  );
}

function rowParser(
  kind: ImdbKind,
  label: string,
  people: People,
  db: Database,
): { columns: string[]; row(f: string[], line: number): Value[] | Value[][] | null } {
  const str = (v: string): string | null => (v === '\\N' ? null : v);
  const int = (v: string, line: number, field: string): number | null => {
    if (v === '\\N') return null;
    if (!/^-?\d{1,10}$/.test(v)) throw badLine(label, line, `a whole number or \\N for ${field}`, v);
    return Number(v);
  };
  const id = (v: string, line: number, prefix: 'tt' | 'nm', field: string): string => {
    if (!(v.startsWith(prefix) && /^\d{7,10}$/.test(v.slice(2))))
      throw badLine(label, line, `an IMDb id like ${prefix}0114709 for ${field}`, v);
    return v;
  };
  switch (kind) {
    case 'basics':
      return {
        columns: [
          'tconst',
          'title_type',
          'primary_title',
          'original_title',
          'start_year',
          'end_year',
          'runtime_minutes',
          'genres',
        ],
        row: (f, line) => {
          if (!KEPT_TITLE_TYPES.has(f[1]!)) return null;
          return [
            id(f[0]!, line, 'tt', 'tconst'),
            f[1]!,
            f[2]!,
            str(f[3]!),
            int(f[5]!, line, 'startYear'),
            int(f[6]!, line, 'endYear'),
            int(f[7]!, line, 'runtimeMinutes'),
            str(f[8]!),
          ];
        },
      };
    case 'ratings':
      return {
        columns: ['tconst', 'average_rating', 'num_votes'],
        row: (f, line) => {
          const avg = Number(f[1]);
          if (!/^\d{1,2}(\.\d+)?$/.test(f[1]!) || avg < 1 || avg > 10)
            throw badLine(label, line, 'a number from 1 to 10 for averageRating', f[1]);
          return [id(f[0]!, line, 'tt', 'tconst'), avg, int(f[2]!, line, 'numVotes') ?? 0];
        },
      };
    case 'principals': {
      const titles = catalogueTitles(db);
      // The file lists each title's principals together, in billing order.
      let current = '';
      let billed = 0;
      return {
        columns: ['tconst', 'ordering', 'nconst', 'category'],
        row: (f, line) => {
          const category = f[3]!;
          const isCast = CAST_CATEGORIES.has(category);
          if (category !== 'director' && !isCast) return null;
          const tconst = id(f[0]!, line, 'tt', 'tconst');
          if (isCast) {
            if (tconst !== current) [current, billed] = [tconst, 0];
            if (billed >= CAST_PER_TITLE || !titles.has(tconst)) return null;
            billed++;
            people.cast++;
          } else people.directors++;
          const nconst = id(f[2]!, line, 'nm', 'nconst');
          people.ids.add(nconst);
          return [tconst, int(f[1]!, line, 'ordering') ?? 0, nconst, category];
        },
      };
    }
    case 'crew':
      return {
        columns: ['tconst', 'role', 'ordering', 'nconst'],
        row: crewRows(label, crewTitles(db, people.minVotes), id, people.ids, people.crew),
      };
    case 'names': {
      // Only the people title.principals and title.crew kept: name.basics has ~14M rows. The
      // names table is replaced whole, so the people of a table this import leaves alone count too.
      const { ids } = people;
      for (const [kind, table] of [
        ['principals', 'imdb_principals'],
        ['crew', 'imdb_crew'],
      ] as const) {
        if (people.kinds.has(kind)) continue;
        for (const n of db.prepare<[], string>(`SELECT DISTINCT nconst FROM ${table}`).pluck().iterate())
          ids.add(n);
      }
      if (ids.size === 0) {
        throw badFile(
          label,
          'name.basics only adds the names of directors, writers and cast: import title.principals or title.crew first, or together with it.',
        );
      }
      return {
        columns: ['nconst', 'primary_name', 'birth_year', 'death_year'],
        row: (f, line) => {
          if (!ids.has(f[0]!)) return null;
          return [
            id(f[0]!, line, 'nm', 'nconst'),
            f[1]!,
            int(f[2]!, line, 'birthYear'),
            int(f[3]!, line, 'deathYear'),
          ];
        },
      };
    }
  }
}
