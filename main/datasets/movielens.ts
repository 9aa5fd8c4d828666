// MovieLens import (ml-latest-small, ml-25m, ml-32m... CSV releases) from a folder or the .zip:
// movies.csv and links.csv into `movies`, ratings.csv into packed per-user BLOBs, tags.csv into
// ml_tags. Everything is staged and swapped in one transaction at the end.
import type { AppContext } from '../services/context.ts';
import { throwIfCancelled } from '../jobs/registry.ts';
import { CsvReader } from './parse/csv.ts';
import { badFile, badLine } from '../files/errors.ts';
import { writePacked } from './packed.ts';
import { ByteProgress, eachRegion, type IngestOptions } from './parse/read.ts';
import { RatingsParser } from './parse/ratings-parser.ts';
import { pipelinedRatings } from './parse/ratings-pipeline.ts';
import { DuplicateRatingError, explainDuplicate } from './parse/duplicates.ts';
import { openSource, type SourceEntry } from './parse/sources.ts';
import { createStaging, stageDerived, swap } from './store.ts';
import { abandonImport, runImport } from './exclusive.ts';
import { assertFreeSpace } from '../db/space.ts';
import type { IngestResult } from './types.ts';
import { timePhase, timePhaseAsync, type PhaseTimes } from './parse/phases.ts';

const TABLES = ['movies', 'ml_user_ratings', 'ml_tags'];
const REQUIRED = ['movies.csv', 'links.csv', 'ratings.csv'];
/** Text CSVs cost more per byte than ratings: smaller regions keep each step short (~10 ms). */
const TEXT_REGION_BYTES = 256 * 1024;

interface Movie {
  id: number;
  title: string;
  year: number | null;
  genres: string;
  imdbId: string | null;
  tmdbId: number | null;
}

export function ingestMovieLens(
  app: AppContext,
  path: string,
  opts: IngestOptions = {},
): Promise<IngestResult> {
  return runImport(app, opts, () => run(app, path, opts));
}

/**
 * Disk bytes an import needs, from measured ratios: packed ratings take ~0.42 of ratings.csv
 * (2.5M synthetic ratings: 66 MB of CSV, 28 MB stored); movies, links and tags with their indexes
 * ~2.5x their CSVs (ml-latest-small); plus the WAL (checkpointed every ~4 MB).
 */
export function movieLensBytesNeeded(files: SourceEntry[]): number {
  const bytes = files.reduce((n, f) => n + f.size * (f.name === 'ratings.csv' ? 0.5 : 2.5), 0);
  return Math.ceil(bytes + 4 * 1024 * 1024);
}

async function run(app: AppContext, path: string, opts: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const { signal, phases } = opts;
  const source = await openSource(path);
  try {
    const missing = REQUIRED.filter((n) => !source.entries.has(n));
    if (missing.length) {
      throw badFile(
        path,
        `is not a complete MovieLens dataset: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing ` +
          '(expected ratings.csv, movies.csv and links.csv, as in ml-latest-small, ml-25m or ml-32m).',
      );
    }
    const entry = (name: string) => source.entries.get(name)!;
    const tagsEntry = source.entries.get('tags.csv');
    const files = [...REQUIRED.map(entry), ...(tagsEntry ? [tagsEntry] : [])];
    const progress = new ByteProgress(
      files.reduce((sum, f) => sum + f.size, 0),
      opts.onProgress,
    );

    const needed = movieLensBytesNeeded(files);
    const space = assertFreeSpace(app.dataDir, needed);
    const beforeWrite = () => space.check();
    const mark = phaseTimer();
    const db = app.db;
    const derived = app.derivedTables.flatMap((d) => d.tables);
    createStaging(db, TABLES);
    try {
      const ratingsEntry = entry('ratings.csv');
      // ratings.csv is read on the parse worker while this thread reads the catalogue files (a
      // quarter of a second for ml-25m's, half a second with its tags) between writing its blocks.
      const stop = new AbortController();
      let ratingRows = 0;
      const pipelined = pipelinedRatings(db, 'staging_ml_user_ratings', ratingsEntry, {
        signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
        beforeWrite,
        phases,
        onRows: (rows, bytesRead) => {
          progress.rows += rows - ratingRows;
          ratingRows = rows;
          progress.reading(ratingsEntry.name, bytesRead);
        },
      });
      // Awaited below; a failure meanwhile (a full disk) must not count as unhandled.
      pipelined.catch(() => {});
      let movies: Map<number, Movie>;
      let links: number;
      let tags: Tag[] | null;
      try {
        movies = await readMovies(entry('movies.csv'), progress, signal);
        links = await readLinks(entry('links.csv'), movies, progress, signal);
        tags = tagsEntry ? await readTags(tagsEntry, progress, signal) : null;
      } catch (err) {
        // The worker stops before the staging it writes to is dropped.
        stop.abort();
        await pipelined.catch(() => {});
        throw err;
      }
      mark('movies+links+tags');
      let packed = await pipelined;
      if (!packed) {
        // No worker, or a file not sorted by user: parse here, sort in memory, then write.
        db.exec('DELETE FROM staging_ml_user_ratings');
        progress.rows -= ratingRows;
        const ratings = await readRatings(ratingsEntry, progress, signal, phases);
        progress.writing('Packing ratings per user', 0);
        packed = await timePhaseAsync(phases, 'write', () =>
          writePacked(db, 'staging_ml_user_ratings', ratings.cols, {
            signal,
            beforeWrite,
            onProgress: (f) => progress.writing('Writing ratings', 0.8 * f),
          }),
        );
      } else {
        progress.fileDone(ratingsEntry.name, ratingsEntry.size);
      }
      if (packed.ratings === 0) throw badFile(ratingsEntry.label, 'has no ratings; nothing was imported.');
      mark('ratings');
      throwIfCancelled(signal);
      const insertMovie = db.prepare(
        'INSERT INTO staging_movies(movie_id, title, year, genres, imdb_id, tconst, tmdb_id, ml_votes, ml_mean) VALUES (?,?,?,?,?,?,?,?,?)',
      );
      const { count, sum } = packed.votes;
      const list = [...movies.values()];
      // ml-32m has ~87k movies: write them in slices so the event loop gets a turn in between.
      for (let i = 0; i < list.length; i += 10_000) {
        beforeWrite();
        const write = db.transaction(() => {
          for (const m of list.slice(i, i + 10_000)) {
            const n = count[m.id] ?? 0;
            insertMovie.run(
              m.id,
              m.title,
              m.year,
              m.genres,
              m.imdbId,
              m.imdbId ? `tt${m.imdbId}` : null,
              m.tmdbId,
              n,
              n ? sum[m.id]! / n : null,
            );
          }
        });
        timePhase(phases, 'write', write);
        await new Promise((r) => setImmediate(r));
      }
      progress.writing('Writing movies', 0.85);
      if (tags) await writeTags(app, tags, beforeWrite, signal);
      throwIfCancelled(signal);
      const counts: Record<string, number> = {
        movies: movies.size,
        ratings: packed.ratings,
        users: packed.users,
        links,
        ...(tags ? { tags: tags.length } : {}),
      };
      const seconds = round((performance.now() - started) / 1000);
      mark('movies+tags');
      await timePhaseAsync(phases, 'index', () =>
        stageDerived(db, app.derivedTables, TABLES, {
          signal,
          onProgress: (p) => progress.writing(p.message ?? 'Indexing', 0.85 + 0.1 * (p.fraction ?? 0)),
        }),
      );
      mark('derived');
      progress.writing('Swapping in the new data', 0.95);
      timePhase(phases, 'swap', () =>
        swap(
          db,
          TABLES,
          [{ kind: 'movielens', source: path, version: source.version, counts, seconds }],
          derived,
        ),
      );
      mark('swap');

      const matched = db
        .prepare<[], number>('SELECT count(*) FROM movies m JOIN imdb_ratings r ON r.tconst = m.tconst')
        .pluck()
        .get()!;
      return {
        ...counts,
        ...(matched ? { matchedMovies: matched } : {}),
        seconds: round((performance.now() - started) / 1000),
      };
    } catch (err) {
      const cause =
        err instanceof DuplicateRatingError ? await explainDuplicate(entry('ratings.csv'), err) : err;
      throw abandonImport(app, [...TABLES, ...derived], cause, needed);
    }
  } finally {
    source.close();
  }
}

/** Streams one text entry through its CSV reader, reporting bytes read as it goes. */
async function streamCsv(
  entry: SourceEntry,
  reader: CsvReader,
  progress: ByteProgress,
  signal?: AbortSignal,
): Promise<void> {
  await eachRegion(
    entry,
    signal,
    (r) => {
      reader.push(r);
      progress.reading(entry.name, r.bytesRead);
    },
    TEXT_REGION_BYTES,
  );
  reader.end();
  progress.fileDone(entry.name, entry.size);
}

async function readMovies(
  entry: SourceEntry,
  progress: ByteProgress,
  signal?: AbortSignal,
): Promise<Map<number, Movie>> {
  const movies = new Map<number, Movie>();
  const reader = new CsvReader(entry.label, ['movieId', 'title', 'genres'], ([id, title, genres], line) => {
    const movieId = wholeNumber(id!, entry.label, line, 'movieId');
    if (movies.has(movieId))
      throw badLine(entry.label, line, `a movieId not seen before (${movieId} is listed twice)`);
    movies.set(movieId, { id: movieId, ...splitTitle(title!), genres: genres!, imdbId: null, tmdbId: null });
    progress.rows++;
  });
  await streamCsv(entry, reader, progress, signal);
  if (movies.size === 0) throw badFile(entry.label, 'lists no movies; nothing was imported.');
  return movies;
}

async function readLinks(
  entry: SourceEntry,
  movies: Map<number, Movie>,
  progress: ByteProgress,
  signal?: AbortSignal,
): Promise<number> {
  let linked = 0;
  const reader = new CsvReader(entry.label, ['movieId', 'imdbId', 'tmdbId'], ([id, imdb, tmdb], line) => {
    const movie = movies.get(wholeNumber(id!, entry.label, line, 'movieId'));
    if (imdb !== '' && !/^\d{1,8}$/.test(imdb!))
      throw badLine(entry.label, line, 'an IMDb id of digits for imdbId (e.g. 0114709)', imdb);
    if (tmdb !== '' && !/^\d{1,9}$/.test(tmdb!))
      throw badLine(entry.label, line, 'a whole number or nothing for tmdbId', tmdb);
    progress.rows++;
    if (!movie) return;
    // imdbId is a zero-padded string: keep (or restore) at least 7 digits for tconst.
    movie.imdbId = imdb ? imdb.padStart(7, '0') : null;
    movie.tmdbId = tmdb ? Number(tmdb) : null;
    linked++;
  });
  await streamCsv(entry, reader, progress, signal);
  return linked;
}

async function readRatings(
  entry: SourceEntry,
  progress: ByteProgress,
  signal?: AbortSignal,
  phases?: PhaseTimes,
): Promise<RatingsParser> {
  // ~27 bytes per line in MovieLens files: reserve close to the final size up front.
  const parser = new RatingsParser(entry.label, Math.ceil(entry.size / 26));
  const before = progress.rows;
  await eachRegion(
    entry,
    signal,
    (r) => {
      timePhase(phases, 'parse', () => parser.push(r));
      progress.rows = before + parser.cols.length;
      progress.reading(entry.name, r.bytesRead);
    },
    undefined,
    phases,
  );
  parser.end();
  progress.fileDone(entry.name, entry.size);
  if (parser.cols.length === 0) throw badFile(entry.label, 'has no ratings; nothing was imported.');
  return parser;
}

type Tag = [user: number, movie: number, tag: string, timestamp: number];

async function readTags(entry: SourceEntry, progress: ByteProgress, signal?: AbortSignal): Promise<Tag[]> {
  const tags: Tag[] = [];
  const reader = new CsvReader(
    entry.label,
    ['userId', 'movieId', 'tag', 'timestamp'],
    ([u, m, tag, t], line) => {
      tags.push([
        wholeNumber(u!, entry.label, line, 'userId'),
        wholeNumber(m!, entry.label, line, 'movieId'),
        tag!,
        wholeNumber(t!, entry.label, line, 'timestamp'),
      ]);
      progress.rows++;
    },
  );
  await streamCsv(entry, reader, progress, signal);
  return tags;
}

async function writeTags(
  app: AppContext,
  tags: Tag[],
  beforeWrite: () => void,
  signal?: AbortSignal,
): Promise<void> {
  const insert = app.db.prepare(
    'INSERT INTO staging_ml_tags(user_id, movie_id, tag, timestamp) VALUES (?,?,?,?)',
  );
  for (let i = 0; i < tags.length; i += 20_000) {
    throwIfCancelled(signal);
    beforeWrite();
    app.db.transaction(() => {
      for (const t of tags.slice(i, i + 20_000)) insert.run(t);
    })();
    await new Promise((r) => setImmediate(r));
  }
}

function wholeNumber(text: string, label: string, line: number, field: string): number {
  if (!/^\d{1,10}$/.test(text)) throw badLine(label, line, `a whole number for ${field}`, text);
  return Number(text);
}

const ARTICLE = /^(.*), (The|A|An)$/;

/** "American President, The (1995) " -> { title: 'The American President', year: 1995 }. */
export function splitTitle(raw: string): { title: string; year: number | null } {
  const text = raw.trim();
  const m = /^(.*?)\s*\((\d{4})(?:[-–]\d{0,4})?\)$/.exec(text);
  let title = m ? m[1]! : text;
  const year = m ? Number(m[2]) : null;
  const a = ARTICLE.exec(title);
  if (a) title = `${a[2]} ${a[1]}`;
  return { title: title || text, year };
}

/** REELTASTE_DEBUG=1 prints how long each phase took (for tuning the 25M-rating import). */
function phaseTimer(): (phase: string) => void {
  let last = performance.now();
  return (phase) => {
    const now = performance.now();
    if (process.env.REELTASTE_DEBUG)
      process.stderr.write(`[ingest] ${phase}: ${((now - last) / 1000).toFixed(3)} s\n`);
    last = now;
  };
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
