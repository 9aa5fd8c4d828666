// Importing IMDb exports through the app's services (real SQLite, the real worker, a MovieLens
// catalogue): summaries by type, matching checked against links.csv read independently, merging a
// newer export without losing in-app data, the import log, a bad file that changes nothing, the drop
// route, and the fit once a model exists. On the synthetic catalogue and export, and on
// ml-latest-small with the four real exports when ../shared is there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServices, type Services } from '../../main/compose/services.ts';
import { nodeSpawner } from '../../main/worker/spawn-node.ts';
import { loadRatings } from '../../main/datasets/packed.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { trainModel } from '../../main/model/train.ts';
import { saveModel } from '../../main/model/store.ts';
import { readExportFile } from '../../main/profile/imdb-export/parse.ts';
import { skipReason } from '../../main/profile/imdb-export/title-types.ts';
import { exportProfile } from '../../main/profile/user-export.ts';
import type { JobSnapshot } from '../../main/jobs/types.ts';
import { movieLensFixtures, type MovieLensFixture } from '../support/fixtures.ts';
import { dataPath } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';
import { SAMPLE_EXPORTS } from '../support/known-counts.ts';

const exportPath = (owner: string) => dataPath('imdb-exports', `export-${owner}.csv`);

function linkedTconsts(movielens: string): Set<string> {
  const lines = readFileSync(join(movielens, 'links.csv'), 'utf8').split(/\r?\n/).slice(1);
  return new Set(lines.filter(Boolean).map((l) => `tt${l.split(',')[1]}`));
}

/** The exports each fixture imports: the four real ones, or the synthetic one. */
function exportsOf(f: MovieLensFixture): { owner: string; file: string; rows: number; byType: object }[] {
  if (!f.real) return [{ owner: 'synthetic', ...f.export }];
  return Object.entries(SAMPLE_EXPORTS).map(([owner, e]) => ({ owner, file: exportPath(owner), ...e }));
}

describe.each(movieLensFixtures())('profile import ($name)', (f) => {
  const dir = tempDir();
  let s: Services;
  let links: Set<string>;
  beforeAll(async () => {
    s = createServices({ dataDir: dir.path, spawner: nodeSpawner() });
    links = linkedTconsts(f.movielens);
  });
  afterAll(() => {
    s?.shutdown();
    dir.remove();
  });

  it('stores ratings before any catalogue or model exists, and says what to do', async () => {
    const r = await s.profile.importRatings(f.export.file);
    expect(r).toMatchObject({
      rows: f.export.rows,
      matched: 0,
      unmatched: f.export.rows,
      skipped: 0,
      inModel: null,
      fit: null,
    });
    expect(r.note).toMatch(/Import MovieLens/);
    expect(s.status().profile).toEqual({ ratings: f.export.rows, comparisons: 0 });
    await expect(s.profile.fit()).rejects.toMatchObject({
      code: 'NO_MODEL',
      message: expect.stringMatching(/train it first/),
    });
  });

  it.each(exportsOf(f))('imports the $owner export with a correct summary', async (e) => {
    const owner = e.owner;
    if (!s.db.prepare('SELECT 1 FROM movies LIMIT 1').get()) await ingestMovieLens(s, f.movielens);
    const r = await s.profile.importRatings(e.file);
    expect(r.rows).toBe(e.rows);
    expect(r.byType).toEqual(e.byType);
    // Independent check of the matching: rows whose id is in links.csv, minus skipped types.
    const rows = readExportFile(e.file).rows;
    const kept = rows.filter((x) => !skipReason(x.titleType));
    expect(r.skipped).toBe(rows.length - kept.length);
    expect(r.matched).toBe(kept.filter((x) => links.has(x.tconst)).length);
    expect(r.unmatched).toBe(kept.length - r.matched);
    expect(r.matched + r.unmatched + r.skipped).toBe(r.rows);
    if (owner === 'aureliome') {
      // Every series is kept as a known rating (none is in MovieLens); the episode is skipped.
      expect(r.unmatchedByType.tvSeries).toBe(27);
      expect(r.skippedByReason).toEqual({ 'TV episode: rated through its series, not on its own': 1 });
    }
    if (owner === 'michael-123') expect(r.skippedByReason).toEqual({ 'video game: not a film or series': 1 });
    const log = s.db
      .prepare<[number], { status: string; n: number }>(
        'SELECT status, count(*) AS n FROM profile_import_rows WHERE import_id = ? GROUP BY status',
      )
      .all(r.importId);
    expect(Object.fromEntries(log.map((x) => [x.status, x.n]))).toMatchObject({
      matched: r.matched,
      ...(r.skipped ? { skipped: r.skipped } : {}),
    });
  });

  it('merges a newer export: changed ratings update, in-app ratings and comparisons are kept', async () => {
    const file = f.real ? exportPath('mcanouil') : f.export.file;
    const lines = readFileSync(file, 'utf8').split('\n');
    // Back to this user's export (the previous test imported others that overlap it).
    await s.profile.importRatings(file);
    // The user rates one title in the app (after the export was made) and answers one comparison.
    const inAppTconst = lines[1]!.split(',')[0]!;
    // A popular film that is not among the rows changed below.
    const first = new Set(lines.slice(1, 7).map((l) => l.split(',')[0]));
    const catalogueTitle = s.db
      .prepare<[], string>(
        'SELECT tconst FROM movies WHERE tconst IS NOT NULL ORDER BY ml_votes DESC, movie_id LIMIT 10',
      )
      .pluck()
      .all()
      .find((t) => !first.has(t))!;
    s.profile.rate(catalogueTitle, 10);
    s.db
      .prepare(
        "UPDATE profile_ratings SET source = 'in-app', rating = 2, date_rated = '2099-01-01' WHERE tconst = ?",
      )
      .run(inAppTconst);
    s.profile.compare(catalogueTitle, inAppTconst);
    const before = s.profile.overview();
    // A newer export generated from the real one: five ratings changed.
    const changed: string[] = [];
    const newer = lines.map((line, i) => {
      if (i < 2 || i > 6) return line;
      const [id, rating, ...rest] = line.split(',');
      changed.push(id!);
      return [id, String(((Number(rating) + 2) % 10) + 1), ...rest].join(',');
    });
    const newerFile = join(dir.path, 'newer.csv');
    writeFileSync(newerFile, newer.join('\n'));
    const r = await s.profile.importRatings(newerFile);
    expect(r.changed).toBe(5);
    // Both in-app ratings were made after the export (the popular film may be in it too): both are kept.
    expect(r.keptInApp).toBe(1 + (lines.some((l) => l.startsWith(`${catalogueTitle},`)) ? 1 : 0));
    expect(r.added).toBe(0);
    expect(s.db.prepare('SELECT rating FROM profile_ratings WHERE tconst = ?').pluck().get(inAppTconst)).toBe(
      2,
    );
    expect(
      s.db.prepare('SELECT rating FROM profile_ratings WHERE tconst = ?').pluck().get(catalogueTitle),
    ).toBe(10);
    const after = s.profile.overview();
    expect(after.comparisons).toBe(before.comparisons);
    expect(after.ratings).toBe(before.ratings);
    for (const id of changed) {
      const events = s.db
        .prepare<[string], { rating: number; previous: number | null }>(
          'SELECT rating, previous FROM profile_rating_events WHERE tconst = ? ORDER BY id',
        )
        .all(id);
      expect(events.at(-1)!.previous).not.toBeNull();
    }
    expect(after.imports).toBe(before.imports + 1);
  });

  it('rejects a file that is not an export and changes nothing', async () => {
    const before = { ...s.profile.overview(), lastImport: null };
    await expect(s.profile.importRatings(join(f.movielens, 'movies.csv'))).rejects.toMatchObject({
      code: 'BAD_FILE',
      message: expect.stringMatching(/movies\.csv line 1: expected the header of an IMDb ratings export/),
    });
    expect({ ...s.profile.overview(), lastImport: null }).toEqual(before);
  });

  it('fits in the worker once a model exists, and updates incrementally after a comparison', async () => {
    const trained = await trainModel(loadRatings(s.db), { epochs: 15, validation: 0 });
    saveModel(s.db, trained);
    const fit = await s.profile.fit();
    // Every rated film the model knows (the real profile holds the four exports).
    expect(fit.ratingsUsed).toBe(
      s.db
        .prepare(
          'SELECT count(DISTINCT p.tconst) FROM profile_ratings p JOIN movies m ON m.tconst = p.tconst AND m.ml_votes > 0',
        )
        .pluck()
        .get(),
    );
    if (f.real) expect(fit.ratingsUsed).toBeGreaterThan(1500);
    expect(fit.slope).toBeGreaterThan(0.8);
    expect(fit.kind).toBe('full');
    const [a, b] = s.db
      .prepare<[], string>(
        'SELECT tconst FROM movies WHERE tconst IS NOT NULL ORDER BY ml_votes DESC LIMIT 2',
      )
      .pluck()
      .all();
    const inc = s.profile.compare(a!, b!);
    expect(inc).toMatchObject({ kind: 'incremental', comparisonsUsed: fit.comparisonsUsed + 1 });
    // A full fit follows the step in the background (the step holds the slope and the noise
    // variances where the last full fit left them): once it lands, the stored fit is a full one
    // over the same answers, the fit `update` gives, and no refit counts as pending meanwhile.
    expect(s.profile.refitting()).toBe(false);
    await s.profile.settled();
    const behind = s.profile.predictor()!;
    expect(behind.fit?.kind).toBe('full');
    expect(behind.posterior.nComparisons).toBe(fit.comparisonsUsed + 1);
    await s.profile.fit();
    expect(s.profile.predictor()!.posterior.mean).toEqual(behind.posterior.mean);
    const files = exportProfile(s.db, 'csv');
    expect(files.map((f) => f.name.replace(/-\d{4}-\d{2}-\d{2}/, ''))).toEqual([
      'reeltaste-ratings.csv',
      'reeltaste-comparisons.csv',
      'reeltaste-rating-events.csv',
      'reeltaste-imports.csv',
    ]);
    expect(files[0]!.content.trim().split('\n')).toHaveLength(s.profile.overview().ratings + 1);
    const json = JSON.parse(exportProfile(s.db, 'json')[0]!.content) as {
      comparisons: unknown[];
      ratingEvents: unknown[];
    };
    expect(json.comparisons).toHaveLength(s.profile.overview().comparisons);
    expect(json.ratingEvents.length).toBeGreaterThan(s.profile.overview().ratings);
  });

  it('imports a dropped export as a job whose result is the summary', async () => {
    const finished = new Promise<JobSnapshot>((resolve) => {
      const detach = s.events.add({
        emit(event, payload) {
          const job = payload as JobSnapshot;
          if (event === 'jobs/changed' && job.kind === 'profile/import' && job.state !== 'running') {
            detach();
            resolve(job);
          }
        },
      });
    });
    const drop = await s.files.drop([f.export.file]);
    expect(drop.accepted).toEqual([
      { path: f.export.file, kind: 'imdb-export-csv', jobId: expect.any(String) },
    ]);
    const job = await finished;
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({
      rows: f.export.rows,
      byType: f.export.byType,
      fit: { kind: 'full' },
    });
    const notes = join(dir.path, 'README.txt');
    writeFileSync(notes, 'Notes on the ratings: the first ones are from 2018.\n');
    const bad = await s.files.drop([notes]);
    expect(bad.rejected[0]!.reason).toMatch(/README\.txt is not a file Reeltaste recognises/);
  });
});
