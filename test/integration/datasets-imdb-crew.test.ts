// title.crew import (issue 21) on synthetic files and, when ../shared is there, IMDb's real 2025
// head: only the catalogue's titles are kept (MovieLens' films, and kept-type titles with at least
// the vote floor's IMDb votes), each director and writer once per title in list order, names of
// crew people kept by name.basics, and a malformed line named by file and line with nothing stored.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { ingestImdb, KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import { DEFAULT_MIN_VOTES } from '../../main/datasets/imdb-crew.ts';
import { dataLines, testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { dataPath } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

const CREW_HEADER = 'tconst\tdirectors\twriters';

describe.each(movieLensFixtures())('title.crew import ($name)', (fixture) => {
  let t: ReturnType<typeof testServices>;
  const tmp = tempDir('reeltaste-crew-');
  let crewFile: string;
  let movieTconsts: Set<string>;
  beforeAll(async () => {
    t = testServices();
    await ingestMovieLens(t.s, fixture.movielens);
    movieTconsts = new Set(
      t.s.db.prepare<[], string>('SELECT tconst FROM movies WHERE tconst IS NOT NULL').pluck().all(),
    );
    if (fixture.real) crewFile = dataPath('imdb', 'head50k-2025', 'title.crew.tsv');
    else {
      // Every basics title and MovieLens film gets a director; every third a writer list with a
      // repeat (IMDb lists a person twice for credited variants); one line names nobody.
      const tconsts = [
        ...new Set([...dataLines(fixture.imdb.basics).map((l) => l.split('\t')[0]!), ...movieTconsts]),
      ];
      const lines = tconsts.map((tc, i) => {
        const d = `nm${String(1000000 + (i % 97)).padStart(7, '0')}`;
        const w = i % 3 === 0 ? `nm${String(2000000 + (i % 13)).padStart(7, '0')}` : null;
        return `${tc}\t${d}\t${w ? `${w},nm0000001,${w}` : '\\N'}`;
      });
      lines.push('tt9999999\t\\N\t\\N');
      crewFile = join(tmp.path, 'title.crew.tsv');
      writeFileSync(crewFile, [CREW_HEADER, ...lines].join('\n') + '\n');
    }
  });
  afterAll(() => {
    t.close();
    tmp.remove();
  });

  /** The titles kept, worked out here from the files alone. */
  function expectedTitles(): Set<string> {
    const votes = new Map(
      dataLines(fixture.imdb.ratings).map((l) => {
        const f = l.split('\t');
        return [f[0]!, Number(f[2])] as const;
      }),
    );
    const keep = new Set(movieTconsts);
    for (const l of dataLines(fixture.imdb.basics)) {
      const f = l.split('\t');
      if (KEPT_TITLE_TYPES.has(f[1]!) && (votes.get(f[0]!) ?? 0) >= DEFAULT_MIN_VOTES) keep.add(f[0]!);
    }
    const crewed = new Set(
      dataLines(crewFile)
        .map((l) => l.split('\t'))
        .filter((f) => f[1] !== '\\N' || f[2] !== '\\N')
        .map((f) => f[0]!),
    );
    return new Set([...keep].filter((tc) => crewed.has(tc)));
  }

  it('keeps the crew of MovieLens films and of titles above the vote floor, nothing else', async () => {
    const r = await ingestImdb(t.s, [fixture.imdb.basics, fixture.imdb.ratings, crewFile]);
    const expected = expectedTitles();
    expect(r.crewTitles).toBe(expected.size);
    const stored = new Set(t.s.db.prepare<[], string>('SELECT DISTINCT tconst FROM imdb_crew').pluck().all());
    expect(stored).toEqual(expected);
    // Some titles were left out: the floor and the catalogue do filter.
    expect(dataLines(crewFile).length).toBeGreaterThan(expected.size);
    // A title's people in list order, each once per role.
    const line = dataLines(crewFile)
      .map((l) => l.split('\t'))
      .find((f) => expected.has(f[0]!) && f[2] !== '\\N')!;
    const rows = t.s.db
      .prepare<[string], { role: string; ordering: number; nconst: string }>(
        'SELECT role, ordering, nconst FROM imdb_crew WHERE tconst = ? ORDER BY role, ordering',
      )
      .all(line[0]!);
    const once = (v: string) => (v === '\\N' ? [] : [...new Set(v.split(','))]);
    expect(rows.filter((x) => x.role === 'director').map((x) => x.nconst)).toEqual(once(line[1]!));
    expect(rows.filter((x) => x.role === 'writer').map((x) => x.nconst)).toEqual(once(line[2]!));
    expect(rows.filter((x) => x.role === 'writer').map((x) => x.ordering)).toEqual(
      once(line[2]!).map((_, i) => i),
    );
    const record = t.s.db
      .prepare<[], string>("SELECT counts FROM datasets WHERE kind = 'imdb-crew'")
      .pluck()
      .get();
    expect(JSON.parse(record!)).toMatchObject({ crewTitles: expected.size });
  });

  if (fixture.real)
    it('every one of the 584 ml-latest-small films in the 2025 head has a director', () => {
      const n = t.s.db
        .prepare(
          `SELECT count(DISTINCT m.tconst) FROM movies m JOIN imdb_crew c ON c.tconst = m.tconst
           WHERE c.role = 'director' AND m.tconst <= 'tt0050928'`,
        )
        .pluck()
        .get();
      expect(n).toBe(584);
    });

  it('name.basics keeps the names of crew people too', async () => {
    const crewPeople = new Set(
      t.s.db.prepare<[], string>('SELECT DISTINCT nconst FROM imdb_crew').pluck().all(),
    );
    const namesFile = fixture.real
      ? dataPath('imdb', 'head50k-2025', 'name.basics.tsv')
      : join(tmp.path, 'name.basics.tsv');
    if (!fixture.real) {
      const rows = [...crewPeople, 'nm7777777'].map((n) => `${n}\tPerson ${n}\t1970\t\\N\tdirector\t\\N`);
      writeFileSync(
        namesFile,
        ['nconst\tprimaryName\tbirthYear\tdeathYear\tprimaryProfession\tknownForTitles', ...rows].join('\n') +
          '\n',
      );
    }
    const inFile = dataLines(namesFile)
      .map((l) => l.split('\t')[0]!)
      .filter((n) => crewPeople.has(n));
    const r = await ingestImdb(t.s, [namesFile]);
    expect(r.names).toBe(inFile.length);
    expect(inFile.length).toBeGreaterThan(0);
    expect(t.s.db.prepare("SELECT count(*) FROM imdb_names WHERE nconst = 'nm7777777'").pluck().get()).toBe(
      0,
    );
  });

  it('a malformed line fails with its file and line, and the stored crew is untouched', async () => {
    const before = t.s.db.prepare('SELECT count(*) FROM imdb_crew').pluck().get();
    const bad = join(tmp.path, 'bad', 'title.crew.tsv');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(tmp.path, 'bad'), { recursive: true });
    writeFileSync(bad, `${CREW_HEADER}\ntt0000001\tnm0000005\t\\N\ntt0000002\tnm0000005,,nm1\t\\N\n`);
    await expect(ingestImdb(t.s, [bad])).rejects.toThrow(
      new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}.*line 3.*comma-separated IMDb ids`),
    );
    expect(t.s.db.prepare('SELECT count(*) FROM imdb_crew').pluck().get()).toBe(before);
  });
});
