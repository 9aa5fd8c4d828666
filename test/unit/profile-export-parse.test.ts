// The IMDb export reader on the four real exports in ../shared/data/imdb-exports (counts by type as
// documented in SOURCES.md), on variants generated at test time from them and from the synthetic
// fixture's export (BOM, CRLF, reordered columns, series years, a broken row), and on files that are
// not exports.
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExport, parseDate, parseYears, readExportFile } from '../../main/profile/imdb-export/parse.ts';
import { readCsv } from '../../main/files/csv.ts';
import { normaliseTitleType } from '../../main/profile/imdb-export/title-types.ts';
import { movieLensFixtures } from '../support/fixtures.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';
import { SAMPLE_EXPORTS } from '../support/known-counts.ts';

const exportPath = (owner: string) => dataPath('imdb-exports', `export-${owner}.csv`);

describe.skipIf(!hasSharedData)(
  `real IMDb exports (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    it('reads the current English export (ethanfuerst)', () => {
      const p = readExportFile(exportPath('ethanfuerst'));
      expect(p.format).toBe('current');
      expect(p.rows).toHaveLength(SAMPLE_EXPORTS['ethanfuerst']!.rows);
      expect(p.rawTypeCounts).toEqual({ Movie: 410, Short: 1 });
      expect(p.typeCounts).toEqual(SAMPLE_EXPORTS['ethanfuerst']!.byType);
      expect(p.rows.filter((r) => r.tconst.length === 10)).toHaveLength(64);
      const magnolia = p.rows.find((r) => r.tconst === 'tt0175880')!;
      expect(magnolia).toMatchObject({
        rating: 9,
        dateRated: '2025-03-15',
        title: 'Magnolia',
        originalTitle: 'Magnolia',
        year: 1999,
        titleType: 'movie',
      });
    });

    it('reads the Italian export (aureliome) and maps its localised types', () => {
      const p = readExportFile(exportPath('aureliome'));
      expect(p.format).toBe('current');
      expect(p.rows).toHaveLength(SAMPLE_EXPORTS['aureliome']!.rows);
      expect(p.rawTypeCounts).toEqual({
        Film: 778,
        'Serie TV': 27,
        'Mini serie TV': 25,
        Corto: 3,
        'Speciale TV': 1,
        'Episodio TV': 1,
        Video: 1,
      });
      expect(p.typeCounts).toEqual(SAMPLE_EXPORTS['aureliome']!.byType);
      expect(p.rows.filter((r) => r.originalTitle !== null && r.originalTitle !== r.title)).toHaveLength(432);
      expect(Math.min(...p.rows.map((r) => r.rating))).toBe(3);
    });

    it('reads the older export without Original Title (mcanouil)', () => {
      const p = readExportFile(exportPath('mcanouil'));
      expect(p.format).toBe('classic');
      expect(p.rows).toHaveLength(SAMPLE_EXPORTS['mcanouil']!.rows);
      expect(p.typeCounts).toEqual(SAMPLE_EXPORTS['mcanouil']!.byType);
      expect(p.rows.filter((r) => r.tconst.length === 10)).toHaveLength(397);
      expect(p.rows.every((r) => r.originalTitle === null)).toBe(true);
      expect(Math.max(...p.rows.map((r) => r.rating))).toBe(9);
    });

    it('reads the legacy list export (michael-123) by header names', () => {
      const p = readExportFile(exportPath('michael-123'));
      expect(p.format).toBe('legacy-list');
      expect(p.rows).toHaveLength(SAMPLE_EXPORTS['michael-123']!.rows);
      expect(p.rawTypeCounts).toEqual({
        'Feature Film': 735,
        'TV Series': 17,
        'TV Movie': 9,
        Documentary: 8,
        'Mini-Series': 3,
        'Short Film': 1,
        'Video Game': 1,
      });
      expect(p.typeCounts).toEqual(SAMPLE_EXPORTS['michael-123']!.byType);
      const headhunters = p.rows.find((r) => r.tconst === 'tt1614989')!;
      expect(headhunters).toMatchObject({
        rating: 7,
        dateRated: '2017-01-29',
        title: 'Headhunters',
        year: 2011,
      });
      const dates = p.rows.map((r) => r.dateRated!).sort();
      expect([dates[0], dates.at(-1)]).toEqual(['2011-01-13', '2017-01-29']);
    });

    it('reads series years like 2013–2023 and still-running 2019–', () => {
      const lines = readFileSync(exportPath('aureliome'), 'utf8').split('\n');
      const header = lines[0]!.split(',');
      const yearCol = header.indexOf('Year');
      const series = [...readCsv(lines.join('\n'))].find((r) => r.fields[6] === 'Serie TV')!;
      const fields = series.fields.map((f, i) => (i === yearCol ? '2013–2023' : f));
      const p = parseExport(`${lines[0]}\n${fields.map((f) => `"${f}"`).join(',')}\n`, 'x.csv');
      expect(p.rows[0]).toMatchObject({ titleType: 'tvSeries', year: 2013, endYear: 2023 });
    });
  },
);

describe.each(movieLensFixtures())('an export changed at test time ($name)', (f) => {
  it('reads the same export with a BOM, CRLF line ends and reordered columns', () => {
    const original = readFileSync(f.export.file, 'utf8');
    const records = [...readCsv(original)].map((r) => r.fields);
    // Move the rating column to the end and quote every field: position must not matter.
    const moved = records.map((f) => [...f.slice(0, 1), ...f.slice(2), f[1]!]);
    const csv =
      '\ufeff' + moved.map((f) => f.map((x) => `"${x.replace(/"/g, '""')}"`).join(',')).join('\r\n') + '\r\n';
    const p = parseExport(csv, 'variant.csv');
    const base = readExportFile(f.export.file);
    expect(p.rows.map((r) => [r.tconst, r.rating, r.title])).toEqual(
      base.rows.map((r) => [r.tconst, r.rating, r.title]),
    );
  });

  it('rejects a MovieLens file with a message naming file, line and what was expected', () => {
    const dir = tempDir();
    try {
      expect(() => readExportFile(join(f.movielens, 'ratings.csv'))).toThrow(
        /ratings\.csv line 1: expected the header of an IMDb ratings export, with the columns "Const" and "Your Rating".*found "userId,movieId,rating,timestamp"/,
      );
      // A broken row in an otherwise good export: the line number points at it.
      const lines = readFileSync(f.real ? exportPath('mcanouil') : f.export.file, 'utf8').split('\n');
      lines[41] = lines[41]!.replace(/^tt\d+,\d+/, 'tt123,11');
      const file = join(dir.path, 'broken.csv');
      writeFileSync(file, lines.join('\n'));
      expect(() => readExportFile(file)).toThrow(
        /broken\.csv line 42: expected an IMDb title id like tt0133093 in the Const column, found "tt123"/,
      );
      lines[41] = lines[41]!.replace(/^tt123,11/, 'tt0000123,11');
      writeFileSync(file, lines.join('\n'));
      expect(() => readExportFile(file)).toThrow(/broken\.csv line 42: expected a rating from 1 to 10/);
      writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]));
      expect(() => readExportFile(file)).toThrow(/broken\.csv: not UTF-8 text/);
    } finally {
      dir.remove();
    }
  });
});

describe('export pieces', () => {
  it('normalises every spelling of the title types', () => {
    const cases: Record<string, string> = {
      Movie: 'movie',
      movie: 'movie',
      Film: 'movie',
      'Feature Film': 'movie',
      Documentary: 'movie',
      'TV Series': 'tvSeries',
      tvSeries: 'tvSeries',
      'Serie TV': 'tvSeries',
      'Série TV': 'tvSeries',
      'TV Mini Series': 'tvMiniSeries',
      'Mini serie TV': 'tvMiniSeries',
      'Mini-Series': 'tvMiniSeries',
      'TV Movie': 'tvMovie',
      tvMovie: 'tvMovie',
      'Film TV': 'tvMovie',
      Short: 'short',
      Corto: 'short',
      'Short Film': 'short',
      'TV Episode': 'tvEpisode',
      'Episodio TV': 'tvEpisode',
      'Video Game': 'videoGame',
      videoGame: 'videoGame',
      Video: 'video',
      'TV Special': 'tvSpecial',
      'Speciale TV': 'tvSpecial',
      'TV Short': 'tvShort',
      tvShort: 'tvShort',
      'Something New': 'other',
    };
    for (const [raw, type] of Object.entries(cases))
      expect([raw, normaliseTitleType(raw)]).toEqual([raw, type]);
  });

  it('parses years and dates in every form', () => {
    expect(parseYears('2013–2023')).toEqual({ start: 2013, end: 2023 });
    expect(parseYears('2019–')).toEqual({ start: 2019, end: null });
    expect(parseYears('1999')).toEqual({ start: 1999, end: null });
    expect(parseYears('')).toEqual({ start: null, end: null });
    expect(parseDate('Sun Jan 29 00:00:00 2017')).toBe('2017-01-29');
    expect(parseDate('Thu Jan 13 00:00:00 2011')).toBe('2011-01-13');
    expect(parseDate('2025-03-15')).toBe('2025-03-15');
    expect(parseDate('')).toBeNull();
  });

  it('reads quoted fields with commas, doubled quotes and newlines, and reports start lines', () => {
    const rows = [...readCsv('a,b\r\n"x, y","say ""hi"""\n"multi\nline",z\n\n')];
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\nline', 'z'] },
    ]);
  });

  it('rejects an empty file and a list with no ratings', () => {
    expect(() => parseExport('', 'empty.csv')).toThrow(/empty\.csv: the file is empty/);
    expect(() =>
      parseExport('"position","const","Title","You rated"\n"1","tt0133093","The Matrix",""\n', 'list.csv'),
    ).toThrow(/list\.csv: has the header of an IMDb export but no rated titles \(1 rows without a rating/);
  });
});
