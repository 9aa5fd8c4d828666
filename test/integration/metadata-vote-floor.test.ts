// Issue 21: the catalogue's IMDb vote floor (DEFAULT_MIN_VOTES), chosen by measurement. For each
// candidate floor: the share of the real exports' titles it keeps (all the catalogue could hold,
// those outside ml-latest-small, those released in the export's last two years, series), and the
// catalogue it lets in, counted on the complete 2017 title.ratings (every type, episodes included,
// so an upper bound for that year) and doubled for today's file (about 1.5M rows against 755k).
// The default is the lowest floor whose catalogue stays within the 400,000 cold titles the refresh
// was benchmarked at (README, `npm run bench recommend`) while keeping >= 97% of every export's
// recent titles. Accuracy by vote count is in metadata-time-split.test.ts ("vote floor").
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import { DEFAULT_MIN_VOTES } from '../../main/datasets/types.ts';
import { parseExport, readExportFile, type ExportRow } from '../../main/profile/imdb-export/parse.ts';
import { dataPath, hasSharedData } from '../support/shared-data.ts';
import {
  catalogueRows,
  chooseFloor,
  FLOORS,
  keptShare,
  recentRows,
  titlesAtFloors,
} from '../support/vote-floor.ts';

const EXPORTS = ['ethanfuerst', 'aureliome', 'mcanouil', 'michael-123'];
/** Cold titles the refresh was benchmarked at (+400,000) and ~40 µs each to place. */
const REFRESH_BUDGET = 400_000;
const PLACE_US = 40;
/** Today's title.ratings has about twice the 2017 snapshot's rows (SOURCES.md section 4). */
const GROWTH = 2;
const MIN_RECENT_SHARE = 0.97;

const pct = (x: number) => (Number.isNaN(x) ? '-' : `${(100 * x).toFixed(1)}%`);

describe('vote floor: the rule on synthetic data', () => {
  const header =
    'Const,Your Rating,Date Rated,Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes';
  const row = (i: number, type: string, year: number, votes: number) =>
    `tt${String(i).padStart(7, '0')},7,2024-05-01,T${i},https://www.imdb.com/title/tt${i}/,${type},7.0,90,${year},Drama,${votes}`;
  const text = [
    header,
    row(1, 'movie', 2023, 40),
    row(2, 'movie', 2023, 400),
    row(3, 'tvSeries', 2024, 4_000),
    row(4, 'movie', 1999, 90_000),
    row(5, 'tvEpisode', 2024, 10), // never a catalogue title
  ].join('\n');
  const rows = catalogueRows(parseExport(text, 'synthetic.csv').rows);

  it('counts only catalogue types, recent by the export date, and shares by floor', () => {
    expect(rows.map((r) => r.tconst)).toEqual(['tt0000001', 'tt0000002', 'tt0000003', 'tt0000004']);
    expect(recentRows(rows).map((r) => r.tconst)).toEqual(['tt0000001', 'tt0000002', 'tt0000003']);
    expect(keptShare(rows, 100)).toBe(0.75);
    expect(keptShare(recentRows(rows), 1_000)).toBeCloseTo(1 / 3);
    expect(titlesAtFloors([5, 40, 100, 100, 5_000], [5, 100, 101, 10_000])).toEqual([5, 3, 1, 0]);
  });

  it('picks the lowest floor within the budget that keeps the share, and none when no floor does', () => {
    const floors = [10, 100, 1_000];
    const catalogue = (f: number) => 1_000_000 / f;
    expect(chooseFloor(floors, catalogue, () => 1, 50_000, 0.9)).toBe(100);
    expect(chooseFloor(floors, catalogue, (f) => (f >= 1_000 ? 0.5 : 1), 50_000, 0.9)).toBe(100);
    expect(chooseFloor(floors, catalogue, (f) => (f >= 100 ? 0.5 : 1), 50_000, 0.9)).toBeNull();
  });
});

describe.skipIf(!hasSharedData)('vote floor: the real exports and the 2017 title.ratings', () => {
  it('the default is the lowest floor within the refresh budget, keeping >= 97% of recent titles', () => {
    const links = new Set(
      readFileSync(dataPath('ml-latest-small', 'links.csv'), 'utf8')
        .split(/\r?\n/)
        .slice(1)
        .filter(Boolean)
        .map((l) => `tt${l.split(',')[1]}`),
    );
    const groups = EXPORTS.map((owner) => {
      const rows = catalogueRows(readExportFile(dataPath('imdb-exports', `export-${owner}.csv`)).rows);
      const g: Record<string, ExportRow[]> = {
        all: rows,
        outside: rows.filter((r) => !links.has(r.tconst)),
        recent: recentRows(rows),
        series: rows.filter((r) => r.titleType === 'tvSeries' || r.titleType === 'tvMiniSeries'),
      };
      return { owner, g };
    });
    const pooled = (key: string, f: number) =>
      keptShare(
        groups.flatMap((x) => x.g[key]!),
        f,
      );
    const worst = (key: string, f: number) =>
      Math.min(...groups.filter((x) => x.g[key]!.length > 0).map((x) => keptShare(x.g[key]!, f)));

    const votes = gunzipSync(readFileSync(dataPath('imdb', 'title.ratings.tsv.gz')))
      .toString('utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => Number(l.split('\t')[2]));
    const counts = titlesAtFloors(votes, FLOORS);
    // How many rated titles are catalogue types, on the only real basics there is (the 2025 head:
    // 1892-1957, few episodes, so this share is higher than the whole file's).
    const types = new Map(
      readFileSync(dataPath('imdb', 'head50k-2025', 'title.basics.tsv'), 'utf8')
        .split('\n')
        .slice(1)
        .map((l) => l.split('\t'))
        .map((f) => [f[0]!, f[1]!] as const),
    );
    const headRated = readFileSync(dataPath('imdb', 'head50k-2025', 'title.ratings.tsv'), 'utf8')
      .split('\n')
      .slice(1)
      .map((l) => l.split('\t'))
      .filter((f) => types.has(f[0]!));
    const headKept = (f: number) => {
      const at = headRated.filter((x) => Number(x[2]) >= f);
      return at.filter((x) => KEPT_TITLE_TYPES.has(types.get(x[0]!)!)).length / at.length;
    };
    const catalogue = (f: number) => GROWTH * counts[FLOORS.indexOf(f as (typeof FLOORS)[number])]!;

    const sizes = groups.map((x) => `${x.owner} ${x.g.all!.length}/${x.g.recent!.length}`).join(', ');
    console.log(
      [
        `[vote floor] ${votes.length.toLocaleString('en-US')} rated titles in 2017; exports (catalogue titles / recent): ${sizes}`,
        '  floor | all (pooled) | outside ML (pooled, worst) | recent (pooled, worst) | series | titles 2017 | x2 today | placing | catalogue types (head)',
        ...FLOORS.map((f, k) =>
          [
            `  ${f}`,
            pct(pooled('all', f)),
            `${pct(pooled('outside', f))}, ${pct(worst('outside', f))}`,
            `${pct(pooled('recent', f))}, ${pct(worst('recent', f))}`,
            pct(pooled('series', f)),
            counts[k]!.toLocaleString('en-US'),
            catalogue(f).toLocaleString('en-US'),
            `${((catalogue(f) * PLACE_US) / 1e6).toFixed(0)} s`,
            pct(headKept(f)),
          ].join(' | '),
        ),
      ].join('\n'),
    );

    const chosen = chooseFloor(
      FLOORS,
      catalogue,
      (f) => worst('recent', f),
      REFRESH_BUDGET,
      MIN_RECENT_SHARE,
    );
    expect(chosen).toBe(DEFAULT_MIN_VOTES);
    // What the default keeps, as floors: nearly every title people rate that MovieLens lacks.
    expect(worst('recent', DEFAULT_MIN_VOTES)).toBeGreaterThanOrEqual(MIN_RECENT_SHARE);
    expect(worst('outside', DEFAULT_MIN_VOTES)).toBeGreaterThanOrEqual(0.99);
    expect(pooled('series', DEFAULT_MIN_VOTES)).toBeGreaterThanOrEqual(0.99);
    expect(catalogue(DEFAULT_MIN_VOTES)).toBeLessThanOrEqual(REFRESH_BUDGET);
  });
});
