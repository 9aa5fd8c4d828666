// Bad input never half-imports: each wrong file gets an error naming the file, the line and what
// was expected, and the previously imported data (MovieLens + IMDb ratings: synthetic, and the real
// ml-latest-small and title.ratings when ../shared is there) survives.
import { copyFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { AppError } from '../../main/errors.ts';
import { runCli } from '../support/cli.ts';
import { snapshot, testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { dataPath } from '../support/shared-data.ts';
import { writeZip } from '../support/zip-writer.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.each(movieLensFixtures())('bad input ($name)', (f) => {
  const ML = f.movielens;
  let t: ReturnType<typeof testServices>;
  let before: Record<string, unknown>;
  /** A MovieLens folder copied from the real one, with `edit` applied to one file. */
  let n = 0;
  const variant = (file: string, edit: (data: Buffer) => Buffer | string): string => {
    const dir = join(t.dir, `variant-${++n}`);
    mkdirSync(dir);
    for (const f of ['movies.csv', 'links.csv', 'ratings.csv']) copyFileSync(join(ML, f), join(dir, f));
    writeFileSync(join(dir, file), edit(readFileSync(join(ML, file))));
    return dir;
  };
  const editLine = (data: Buffer, line: number, edit: (l: string) => string): string => {
    const eol = data.includes('\r\n') ? '\r\n' : '\n'; // ml-latest-small: CRLF; synthetic: LF
    const lines = data.toString('utf8').split(eol);
    lines[line - 1] = edit(lines[line - 1]!);
    return lines.join(eol);
  };
  const expectRejected = async (run: Promise<unknown>, message: RegExp) => {
    const err = await run.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('BAD_FILE');
    expect((err as AppError).message).toMatch(message);
    expect(snapshot(t.s)).toEqual(before);
  };

  beforeAll(async () => {
    t = testServices();
    await ingestMovieLens(t.s, ML);
    await ingestImdb(t.s, [f.imdb.ratings]);
    before = snapshot(t.s);
    expect(before).toMatchObject({
      movies: f.counts.movies,
      ratings: f.counts.ratings,
      users: f.counts.users,
      imdbRatings: f.imdb.ratingsRows,
      staging: 0,
    });
  });
  afterAll(() => t.close());

  it('an image', async () => {
    const png = join(t.dir, 'poster.png');
    writeFileSync(
      png,
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200)]),
    );
    await expectRejected(
      ingestMovieLens(t.s, png),
      /poster\.png: expected a MovieLens folder or \.zip .*starts with the PNG image signature/,
    );
    await expectRejected(
      ingestImdb(t.s, [png]),
      /poster\.png: expected an IMDb \.tsv or \.tsv\.gz file, but it starts with the PNG image signature/,
    );
  });

  it('a ratings export given as MovieLens: the error says what it is and where it goes', async () => {
    await expectRejected(
      ingestMovieLens(t.s, f.export.file),
      new RegExp(
        `${escape(basename(f.export.file))}: expected a MovieLens folder or \\.zip .* It looks like an IMDb ratings export \\.csv: import it with \`import-ratings\``,
      ),
    );
  });

  it('a truncated zip (a download cut short)', async () => {
    const zip = writeZip(
      join(t.dir, 'ml-latest-small.zip'),
      ['movies.csv', 'links.csv', 'ratings.csv'].map((f) => ({
        name: `ml-latest-small/${f}`,
        data: join(ML, f),
      })),
    );
    truncateSync(zip, Math.floor(readFileSync(zip).length * 0.6));
    await expectRejected(
      ingestMovieLens(t.s, zip),
      /ml-latest-small\.zip: is not a complete zip file \(.*\); was the download cut short\?/,
    );
  });

  it('a CSV with other headers', async () => {
    const tags = join(ML, 'tags.csv');
    const dir = variant('ratings.csv', () =>
      existsSync(tags) ? readFileSync(tags) : 'userId,movieId,tag,timestamp\n2,60756,funny,1445714994\n',
    );
    await expectRejected(
      ingestMovieLens(t.s, dir),
      /ratings\.csv line 1: expected the header "userId,movieId,rating,timestamp", found "userId,movieId,tag,timestamp"/,
    );
  });

  if (!f.real)
    it('a Latin-1 file where UTF-8 is required (a title with an accent saved as Latin-1)', async () => {
      const dir = variant('movies.csv', (d) =>
        Buffer.from(
          editLine(d, 20, (l) => `${l.split(',')[0]},"Misérables, Les (1995)",Drama`),
          'latin1',
        ),
      );
      await expectRejected(
        ingestMovieLens(t.s, dir),
        /movies\.csv line 20: expected UTF-8 text \(this line has byte 0xE9, .*Latin-1.*\), found ".*Misérables, Les \(1995\)/,
      );
    });

  if (f.real)
    it('a Latin-1 file where UTF-8 is required (MovieLens 1M titles rewritten as movies.csv)', async () => {
      // The real ml-1m movies.dat bytes, re-punctuated as CSV but left in Latin-1.
      const dat = readFileSync(dataPath('ml-1m/movies.dat')).toString('latin1').split('\n').filter(Boolean);
      const csv = [
        'movieId,title,genres',
        ...dat
          .map((l) => l.split('::'))
          .map(([id, title, g]) => `${id},"${title!.replace(/"/g, '""')}",${g}`),
      ];
      const firstAccent = csv.findIndex((l) => [...l].some((ch) => ch.charCodeAt(0) > 0x7f)) + 1;
      const dir = variant('movies.csv', () => Buffer.from(csv.join('\n'), 'latin1'));
      await expectRejected(
        ingestMovieLens(t.s, dir),
        new RegExp(
          `movies\\.csv line ${firstAccent}: expected UTF-8 text \\(this line has byte 0xE9, .*Latin-1.*\\), found ".*Misérables, Les \\(1995\\)`,
        ),
      );
    });

  it('a line with too few fields', async () => {
    const dir = variant('ratings.csv', (d) => editLine(d, 5000, (l) => l.split(',').slice(0, 3).join(',')));
    await expectRejected(
      ingestMovieLens(t.s, dir),
      /ratings\.csv line 5000: expected 4 fields \(userId,movieId,rating,timestamp\) but the line has 3, found "\d+,\d+,[\d.]+"/,
    );
    const movies = variant('movies.csv', (d) => editLine(d, 20, (l) => l.split(',')[0]!));
    await expectRejected(
      ingestMovieLens(t.s, movies),
      /movies\.csv line 20: expected 3 fields \(movieId,title,genres\)/,
    );
  });

  it('a non-numeric rating', async () => {
    const late = f.counts.ratings; // the last line but one
    const dir = variant('ratings.csv', (d) =>
      editLine(d, late, (l) => l.replace(/^(\d+,\d+,)[^,]+/, '$1four')),
    );
    await expectRejected(
      ingestMovieLens(t.s, dir),
      new RegExp(
        `ratings\\.csv line ${late}: expected a number for rating \\(0\\.5 to 5 in half stars\\), found "four"`,
      ),
    );
    const outOfRange = variant('ratings.csv', (d) =>
      editLine(d, 3, (l) => l.replace(/^(\d+,\d+,)[^,]+/, '$17.5')),
    );
    await expectRejected(
      ingestMovieLens(t.s, outOfRange),
      /ratings\.csv line 3: expected a rating from 0\.5 to 5 in half stars, found "7\.5"/,
    );
  });

  it('a folder that is not a complete dataset, and a broken IMDb line', async () => {
    const dir = join(t.dir, 'partial');
    mkdirSync(dir);
    copyFileSync(join(ML, 'ratings.csv'), join(dir, 'ratings.csv'));
    await expectRejected(
      ingestMovieLens(t.s, dir),
      /partial: is not a complete MovieLens dataset: movies\.csv, links\.csv are missing/,
    );
    const tsv = join(t.dir, 'title.ratings.tsv');
    writeFileSync(tsv, 'tconst\taverageRating\tnumVotes\ntt0000001\t5.7\t1900\ntt0000002\tgood\t10\n');
    await expectRejected(
      ingestImdb(t.s, [tsv]),
      /title\.ratings\.tsv line 3: expected a number from 1 to 10 for averageRating, found "good"/,
    );
  });

  it('a cancelled import leaves the previous data too', async () => {
    const controller = new AbortController();
    const run = ingestMovieLens(t.s, ML, {
      signal: controller.signal,
      onProgress: (p) => (p.fraction ?? 0) > 0.3 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(snapshot(t.s)).toEqual(before);
  });

  it('the CLI exits non-zero with the message as JSON', () => {
    const r = runCli([
      'ingest',
      'movielens',
      join(t.dir, 'poster.png'),
      '--json',
      '--data-dir',
      join(t.dir, 'cli'),
    ]);
    expect(r.status).toBe(1);
    expect(r.json()).toEqual({
      error: {
        code: 'BAD_FILE',
        message: expect.stringMatching(/poster\.png: expected a MovieLens folder or \.zip/),
      },
    });
  });
});
