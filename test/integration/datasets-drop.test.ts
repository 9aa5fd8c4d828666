// Drops routed by content to the datasets domain: a zip, a folder, the three CSVs of one folder
// (one import, not three), IMDb files and a folder of them; each starts a job whose result counts.
// On the synthetic fixture, and on the real files when ../shared is there.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServices } from '../support/datasets.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { writeZip } from '../support/zip-writer.ts';

describe.each(movieLensFixtures())('dropped dataset files ($name)', (f) => {
  let t: ReturnType<typeof testServices>;
  beforeAll(() => {
    t = testServices();
  });
  afterAll(() => t.close());
  const finished = async (jobId: string | undefined) => {
    expect(jobId).toBeTruthy();
    await expect.poll(() => t.s.jobs.get(jobId!)?.state, { timeout: 60_000 }).not.toBe('running');
    return t.s.jobs.get(jobId!)!;
  };

  it('the three CSVs of one folder start one import of that folder', async () => {
    const r = await t.s.files.drop(
      ['ratings.csv', 'movies.csv', 'links.csv'].map((n) => join(f.movielens, n)),
    );
    expect(r.rejected).toEqual([]);
    const ids = new Set(r.accepted.map((a) => a.jobId));
    expect(ids.size).toBe(1);
    const job = await finished([...ids][0]);
    expect(job).toMatchObject({
      state: 'done',
      kind: 'datasets/movielens',
      result: f.counts,
    });
  });

  it('a zip and IMDb files each start their import; each says datasets/changed with what is stored', async () => {
    const events: { event: string; payload: unknown }[] = [];
    const detach = t.s.events.add({ emit: (event, payload) => events.push({ event, payload }) });
    const zip = writeZip(
      join(t.dir, 'renamed-download.bin'),
      ['links.csv', 'movies.csv', 'ratings.csv'].map((n) => ({
        name: `ml-latest-small/${n}`,
        data: join(f.movielens, n),
      })),
    );
    const r = await t.s.files.drop([zip, f.imdb.ratings, f.imdb.folder]);
    expect(r.rejected).toEqual([]);
    expect(r.accepted.map((a) => a.kind).sort()).toEqual(['imdb-tsv', 'movielens-folder', 'movielens-zip']);
    const jobs = await Promise.all(r.accepted.map((a) => finished(a.jobId)));
    expect(jobs.map((j) => j.state)).toEqual(['done', 'done', 'done']);
    const byKind = Object.fromEntries(r.accepted.map((a, i) => [a.kind, jobs[i]!.result]));
    expect(byKind['movielens-zip']).toMatchObject({ ratings: f.counts.ratings });
    expect(byKind['imdb-tsv']).toMatchObject({ imdbRatings: f.imdb.ratingsRows });
    // A dropped folder of IMDb files goes to the IMDb importer.
    expect(byKind['movielens-folder']).toMatchObject({ titles: f.imdb.folderTitles });
    const changed = events.filter((e) => e.event === 'datasets/changed');
    expect(changed.length).toBeGreaterThanOrEqual(3);
    // The last one lists what is stored now, and agrees with status.
    expect(changed.at(-1)!.payload).toEqual({ datasets: t.s.status().datasets });
    detach();
  });

  it('a lone ratings.csv (no siblings) is refused with a clear message', async () => {
    const alone = join(t.dir, 'ratings.csv');
    copyFileSync(join(f.movielens, 'ratings.csv'), alone);
    const r = await t.s.files.drop([alone]);
    expect(r.accepted).toEqual([]);
    expect(r.rejected[0]!.reason).toMatch(
      /ratings\.csv cannot be imported on its own: .*Drop the whole folder or the \.zip/,
    );
  });
});
