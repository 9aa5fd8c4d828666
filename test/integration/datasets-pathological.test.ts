// Files built to hurt, imported through the real CLI: a zip or folder whose ratings.csv holds an
// endless line (refused at 1 MB, not read to the end), an unterminated quote in movies.csv, ratings repeating one
// (user, movie) pair (refused at the first repeat, sorted or not), and a dataset too small to train
// (refused; the active model stays). Synthetic files only: runs without ../shared.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.ts';
import { writeSyntheticMovieLens } from '../support/synthetic-movielens.ts';
import { tempDir } from '../support/tmp.ts';
import { writeZip } from '../support/zip-writer.ts';

const HEADER = 'userId,movieId,rating,timestamp\n';

describe('pathological input files', () => {
  const tmp = tempDir('reeltaste-pathological-');
  const data = join(tmp.path, 'data');
  const ml = join(tmp.path, 'ml');
  const cli = (...args: string[]) => runCli(['--data-dir', data, '--json', ...args]);
  const movies = () => join(ml, 'movies.csv');
  const links = () => join(ml, 'links.csv');
  let good: { ratings: number; users: number };

  /** A MovieLens folder with the synthetic movies and links and this ratings.csv. */
  function folder(name: string, ratings: string, moviesCsv?: string): string {
    const dir = join(tmp.path, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'ratings.csv'), ratings);
    writeFileSync(join(dir, 'movies.csv'), moviesCsv ?? readText(movies()));
    writeFileSync(join(dir, 'links.csv'), readText(links()));
    return dir;
  }
  const readText = (p: string) => readFileSync(p, 'utf8');
  const datasets = () =>
    cli('status').json<{ datasets: { counts: Record<string, number> }[] }>().datasets[0]?.counts;

  beforeAll(() => {
    const w = writeSyntheticMovieLens(ml, 30_000, 5);
    good = { ratings: w.ratings, users: w.users };
    expect(cli('ingest', 'movielens', ml).status).toBe(0);
    expect(cli('train', '--epochs', '2', '--dim', '4', '--threads', '1').status).toBe(0);
  });
  afterAll(() => tmp.remove());

  it('a ratings.csv inside a zip that is one 8 MB line is refused at 1 MB as not a ratings file', () => {
    const zip = writeZip(join(tmp.path, 'long.zip'), [
      { name: 'ml/movies.csv', data: movies() },
      { name: 'ml/links.csv', data: links() },
      { name: 'ml/ratings.csv', data: Buffer.alloc(8 << 20, 0x31) },
    ]);
    const r = cli('ingest', 'movielens', zip);
    expect(r.status).toBe(1);
    expect(r.json()).toEqual({
      error: {
        code: 'BAD_FILE',
        message:
          'long.zip › ml/ratings.csv: line 1 is longer than 1 MB: not a ratings file. Nothing was imported.',
      },
    });
    expect(datasets()).toMatchObject(good);
  });

  it('names the right line when the long line comes after good ones', () => {
    const lines = readText(join(ml, 'ratings.csv')).split('\n').slice(0, 1001).join('\n');
    const zip = writeZip(join(tmp.path, 'long-later.zip'), [
      { name: 'ml/movies.csv', data: movies() },
      { name: 'ml/links.csv', data: links() },
      {
        name: 'ml/ratings.csv',
        data: Buffer.concat([Buffer.from(`${lines}\n`), Buffer.alloc(3 << 20, 0x31)]),
      },
    ]);
    const r = cli('ingest', 'movielens', zip);
    expect(r.json<{ error: { message: string } }>().error.message).toBe(
      'long-later.zip › ml/ratings.csv: line 1002 is longer than 1 MB: not a ratings file. Nothing was imported.',
    );
  });

  // A plain folder's ratings.csv is read by the parse worker itself: its refusal reads the same.
  it('a folder whose ratings.csv has an endless line after good ones names that line', () => {
    const lines = readText(join(ml, 'ratings.csv')).split('\n').slice(0, 1001).join('\n');
    const dir = folder('long-folder', `${lines}\n${'1'.repeat(3 << 20)}`);
    const r = cli('ingest', 'movielens', dir);
    expect(r.status).toBe(1);
    expect(r.json<{ error: { message: string } }>().error.message).toBe(
      `${join(dir, 'ratings.csv')}: line 1002 is longer than 1 MB: not a ratings file. Nothing was imported.`,
    );
    expect(datasets()).toMatchObject(good);
  });

  it('an opening quote in movies.csv that never closes is refused at 1 MB, naming its line', () => {
    const text = readText(movies());
    const line = text.trim().split('\n').length + 1;
    const dir = folder(
      'open-quote',
      readText(join(ml, 'ratings.csv')),
      `${text}999999,"Never closed (2000),Drama\n${'1,x,y\n'.repeat(300_000)}`,
    );
    const r = cli('ingest', 'movielens', dir);
    expect(r.status).toBe(1);
    expect(r.json<{ error: { message: string } }>().error.message).toBe(
      `${dir}/movies.csv line ${line}: expected a closing double quote within 1 MB of the opening one, ` +
        'found "999999,\\"Never closed (2000),Drama\\n1,x,y\\n1,x,y\\n1,x,y\\n1,x,y\\n1,". Nothing was imported.',
    );
    expect(datasets()).toMatchObject(good);
  });

  it('a zip repeating one rating is refused at the first repeated line (sorted input)', () => {
    const zip = writeZip(join(tmp.path, 'repeat.zip'), [
      { name: 'ml/movies.csv', data: movies() },
      { name: 'ml/links.csv', data: links() },
      { name: 'ml/ratings.csv', data: Buffer.from(HEADER + '1,1,4.0,964982703\n'.repeat(200_000)) },
    ]);
    const r = cli('ingest', 'movielens', zip);
    expect(r.status).toBe(1);
    expect(r.json()).toEqual({
      error: {
        code: 'BAD_FILE',
        message:
          'repeat.zip › ml/ratings.csv line 3: expected a (userId, movieId) pair not seen before (user 1 rated movie 1 ' +
          'already on line 2; a MovieLens ratings file lists each pair once), found "1,1,4.0,964982703". Nothing was imported.',
      },
    });
    expect(datasets()).toMatchObject(good);
  });

  it.each([
    ['with the parse worker', {}],
    ['parsed on the main thread', { REELTASTE_PARSE_WORKER: 'off' }],
  ])('an unsorted file repeating pairs is refused at the first repeat in file order (%s)', (_, env) => {
    const dir = folder(
      'unsorted-repeat',
      `${HEADER}2,5,3.0,1\n1,7,4.0,2\n\n1,3,4.0,3\n2,5,1.0,4\n1,7,2.0,5\n`,
    );
    const r = runCli(['--data-dir', data, '--json', 'ingest', 'movielens', dir], env);
    expect(r.json<{ error: { message: string } }>().error.message).toBe(
      `${dir}/ratings.csv line 6: expected a (userId, movieId) pair not seen before (user 2 rated movie 5 already on line 2; ` +
        'a MovieLens ratings file lists each pair once), found "2,5,1.0,4". Nothing was imported.',
    );
    expect(datasets()).toMatchObject(good);
  });

  it('a dataset too small to learn from imports, but training on it is refused and the model stays', () => {
    const before = cli('status').json<{ model: { id: number } }>().model.id;
    const dir = folder('tiny', `${HEADER}1,1,4.0,1\n1,2,3.0,1\n2,1,5.0,1\n3,2,2.0,1\n`);
    expect(cli('ingest', 'movielens', dir).json()).toMatchObject({ ratings: 4, users: 3 });
    const r = cli('train', '--epochs', '2');
    expect(r.status).toBe(1);
    expect(r.json()).toEqual({
      error: {
        code: 'NO_DATA',
        message:
          'The imported MovieLens ratings cannot train a useful model: they hold 3 users and 2 rated films ' +
          '(at least 10 of each are needed). The active model is unchanged. Import a complete MovieLens dataset ' +
          '(reeltaste ingest movielens PATH).',
      },
    });
    expect(cli('status').json<{ model: { id: number } }>().model.id).toBe(before);
  });
});
