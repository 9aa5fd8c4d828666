// Letterboxd import over the synthetic catalogue (runs without ../shared): each way a row can match,
// the rows left to resolve and both ways to resolve them (--resolve, a pick in the app), re-import,
// the diary and the .zip, drop routing by header, and bad files refused before anything is stored.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { identifyFile } from '../../main/files/identify.ts';
import { readLetterboxdFile } from '../../main/profile/letterboxd/parse.ts';
import type { LetterboxdOutcome } from '../../main/profile/letterboxd/types.ts';
import { runCli } from '../support/cli.ts';
import { testServices } from '../support/datasets.ts';
import { diaryCsv, writeLetterboxdZip, writeRatingsCsv, type LetterboxdRow } from '../support/letterboxd.ts';
import { writeSyntheticImdb } from '../support/titles.ts';

const ROWS: LetterboxdRow[] = [
  { name: 'The Matrix', year: 1999, stars: 5, date: '2024-01-02' }, // line 2: exact
  { name: 'Amelie', year: 2001, stars: 4.5, date: '2024-01-03' }, // 3: accents folded
  { name: 'Shawshank Redemption, The', year: 1994, stars: 4, date: '2024-01-04' }, // 4: inverted article
  { name: 'Se7en', year: 1996, stars: 3.5, date: '2024-01-05' }, // 5: year one off
  { name: 'Dune', year: 2021, stars: 4, date: '2024-01-06' }, // 6: the 2021 film, not 1984 or the series
  { name: 'WALL-E', year: 2008, stars: 5, date: '2024-01-07' }, // 7: punctuation
  { name: 'Emma', year: 1996, stars: 3, date: '2024-01-08' }, // 8: film and TV film: the film
  { name: 'Raiders of the Lost Arc', year: 1981, stars: 4.5, date: '2024-01-09' }, // 9: a close spelling
  { name: 'Metropolis', year: 1926, stars: 4, date: '2024-01-10' }, // 10: year one off
  { name: 'Nothing Like Any Title', year: 2010, stars: 2, date: '2024-01-11' }, // 11: unmatched
  { name: 'Lawrence of Arabia', year: 1975, stars: 5, date: '2024-01-12' }, // 12: wrong year: ambiguous
  { name: 'Spirited Away', year: 2001, stars: 0.5, date: '2024-01-13' }, // 13: half a star = 1/10
];

describe('Letterboxd import (synthetic)', () => {
  let t: ReturnType<typeof testServices>;
  let file: string;
  let first: LetterboxdOutcome;

  beforeAll(async () => {
    t = testServices('reeltaste-lb-syn-');
    const imdb = writeSyntheticImdb(t.dir);
    await ingestImdb(t.s, [imdb.basics, imdb.ratings]);
    file = writeRatingsCsv(t.dir, ROWS);
    first = await t.s.letterboxd.start(file, await readLetterboxdFile(file)).done;
  });
  afterAll(() => t.close());

  it('matches by name and year, each way it can', () => {
    const rows = t.s.db
      .prepare<[number], { line: number; status: string; how: string | null; tconst: string | null }>(
        'SELECT line, status, how, tconst FROM letterboxd_rows WHERE import_id = ? ORDER BY line',
      )
      .all(first.importId);
    expect(rows.map((r) => [r.line, r.status, r.how, r.tconst])).toEqual([
      [2, 'matched', 'exact', 'tt0133093'],
      [3, 'matched', 'exact', 'tt0211915'],
      [4, 'matched', 'exact', 'tt0111161'],
      [5, 'matched', 'year ±1', 'tt0114369'],
      [6, 'matched', 'exact', 'tt1160419'],
      [7, 'matched', 'exact', 'tt0910970'],
      [8, 'matched', 'exact', 'tt0116191'],
      [9, 'matched', 'spelling', 'tt0082971'],
      [10, 'matched', 'year ±1', 'tt0017136'],
      [11, 'unmatched', null, null],
      [12, 'ambiguous', null, null],
      [13, 'matched', 'exact', 'tt0245429'],
    ]);
    expect(first.letterboxd).toMatchObject({
      rows: 12,
      automatic: 10,
      ambiguous: 1,
      unmatched: 1,
      resolved: 0,
    });
    expect(first).toMatchObject({ format: 'letterboxd', rows: 10, added: 10 });
    // Stars x2 on the user's 1-10 scale; the row's date is the rating's date.
    const stored = t.s.db
      .prepare('SELECT tconst, rating, source, date_rated FROM profile_ratings ORDER BY tconst')
      .all() as { tconst: string; rating: number; source: string; date_rated: string }[];
    expect(stored.find((r) => r.tconst === 'tt0133093')).toEqual({
      tconst: 'tt0133093',
      rating: 10,
      source: 'imported',
      date_rated: '2024-01-02',
    });
    expect(stored.find((r) => r.tconst === 'tt0245429')?.rating).toBe(1);
  });

  it('lists the rows left to resolve with their candidates', () => {
    expect(first.unresolved.map((u) => [u.row, u.name, u.status])).toEqual([
      [11, 'Nothing Like Any Title', 'unmatched'],
      [12, 'Lawrence of Arabia', 'ambiguous'],
    ]);
    expect(first.unresolved[1]!.candidates[0]).toMatchObject({ tconst: 'tt0056172', year: 1962 });
    expect(t.s.letterboxd.unresolved(first.importId)).toEqual(first.unresolved);
  });

  it('takes a pick in the app: the row is rated, the import counts it', async () => {
    const after = await t.s.letterboxd.resolve(first.importId, 12, 'tt0056172');
    expect(after.unresolved.map((u) => u.row)).toEqual([11]);
    expect(after.letterboxd).toMatchObject({ resolved: 1, ambiguous: 0, byHow: { picked: 1 } });
    expect(after.rows).toBe(11);
    expect(
      t.s.db.prepare("SELECT rating FROM profile_ratings WHERE tconst = 'tt0056172'").pluck().get(),
    ).toBe(10);
    await expect(t.s.letterboxd.resolve(first.importId, 12, 'tt0056172')).rejects.toThrow(
      /already has a title/,
    );
    await expect(t.s.letterboxd.resolve(first.importId, 11, 'tt9999999')).rejects.toThrow(
      /not in the catalogue/,
    );
  });

  it('re-imports with --resolve ROW=TCONST and merges like an IMDb import', () => {
    const r = runCli([
      '--data-dir',
      t.dir,
      '--json',
      'import-ratings',
      file,
      '--resolve',
      '11=tt0093779',
      '--resolve',
      '12=tt0056172',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const o = r.json<LetterboxdOutcome>();
    expect(o.unresolved).toEqual([]);
    expect(o.letterboxd).toMatchObject({ automatic: 10, resolved: 2 });
    expect(o).toMatchObject({ added: 1, unchanged: 11, changed: 0 });
    const human = runCli(['--data-dir', t.dir, 'import-ratings', file]);
    expect(human.stdout).toMatch(/Letterboxd ratings\.csv\): 12 rated films, 10 matched by title and year/);
    expect(human.stdout).toMatch(/row 11: Nothing Like Any Title \(2010\), unmatched/);
    const bad = runCli(['--data-dir', t.dir, '--json', 'import-ratings', file, '--resolve', '99=tt0093779']);
    expect(bad.json()).toEqual({
      error: {
        code: 'INVALID_INPUT',
        message: '--resolve 99=tt0093779: ratings.csv has no rated film on line 99.',
      },
    });
    const imdb = runCli([
      '--data-dir',
      t.dir,
      '--json',
      'import-ratings',
      join(t.dir, 'title.ratings.tsv'),
      '--resolve',
      '2=tt0093779',
    ]);
    expect(imdb.status).toBe(2);
  });

  it('reads the diary (latest entry of a film) and the export .zip', async () => {
    const diary = join(t.dir, 'diary.csv');
    writeFileSync(
      diary,
      diaryCsv([
        { name: 'The Matrix', year: 1999, stars: 3, date: '2020-01-01' },
        { name: 'The Matrix', year: 1999, stars: 4, date: '2023-05-01' },
        { name: 'Dune', year: 1984, stars: null, date: '2023-06-01' },
      ]),
    );
    const d = await readLetterboxdFile(diary);
    expect(d).toMatchObject({ source: 'diary.csv', unrated: 1, duplicates: 1 });
    expect(d.entries.map((e) => [e.line, e.rating, e.date])).toEqual([[3, 8, '2023-05-01']]);
    const zip = writeLetterboxdZip(join(t.dir, 'letterboxd-someone-2025.zip'), ROWS.slice(0, 3));
    const z = await readLetterboxdFile(zip);
    expect(z).toMatchObject({ source: 'ratings.csv', file: 'letterboxd-someone-2025.zip › ratings.csv' });
    expect(z.entries).toHaveLength(3);
  });

  it('is recognised by its header when dropped, and imported', async () => {
    const zip = writeLetterboxdZip(join(t.dir, 'export.zip'), ROWS.slice(0, 2));
    expect(await identifyFile(zip)).toBe('letterboxd-zip');
    expect(await identifyFile(file)).toBe('letterboxd-csv');
    const dropped = await t.s.files.drop([zip]);
    expect(dropped.accepted).toEqual([{ path: zip, kind: 'letterboxd-zip', jobId: expect.any(String) }]);
    await expect.poll(() => t.s.jobs.get(dropped.accepted[0]!.jobId!)?.state).toBe('done');
  });

  it('refuses a file that is not a Letterboxd export, naming the line, and stores nothing', async () => {
    const before = t.s.db.prepare('SELECT count(*) FROM profile_imports').pluck().get();
    const bad = join(t.dir, 'bad.csv');
    writeFileSync(bad, 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,https://boxd.it/x,7\n');
    await expect(readLetterboxdFile(bad)).rejects.toThrow(
      'bad.csv line 2: expected a Rating from 0.5 to 5 stars in half stars, found "7". Nothing was imported.',
    );
    writeFileSync(bad, 'Date,Name,Year,Letterboxd URI\n2024-01-01,Heat,1995,https://boxd.it/x\n');
    await expect(readLetterboxdFile(bad)).rejects.toThrow(/without ratings \(no Rating column\)/);
    writeFileSync(bad, 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,95,https://boxd.it/x,4\n');
    await expect(readLetterboxdFile(bad)).rejects.toThrow(/line 2: expected a four-digit Year/);
    expect(t.s.db.prepare('SELECT count(*) FROM profile_imports').pluck().get()).toBe(before);
  });
});
