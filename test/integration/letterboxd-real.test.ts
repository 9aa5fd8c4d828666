// Letterboxd import measured on real titles. No Letterboxd export exists in ../shared, so one is
// written at test time from two real IMDb ratings exports (export-ethanfuerst.csv, export-mcanouil.csv):
// each rated film becomes a Letterboxd row (Name = the title IMDb shows, Year, stars = rating / 2),
// with the differences real Letterboxd exports have from IMDb on a deterministic share of rows
// (year one off, accents dropped, "&" for "and", lower case). The export's Const is the truth, so
// the match rate and every wrong match are counted exactly. Catalogue: ml-latest-small, the
// head50k-2025 title.basics sample and the complete 2017 title.ratings (votes).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestImdb } from '../../main/datasets/imdb.ts';
import { ingestMovieLens } from '../../main/datasets/movielens.ts';
import { readExportFile } from '../../main/profile/imdb-export/parse.ts';
import { fold } from '../../main/catalogue/normalise.ts';
import { readLetterboxdFile, type ParsedLetterboxd } from '../../main/profile/letterboxd/parse.ts';
import type { LetterboxdOutcome } from '../../main/profile/letterboxd/types.ts';
import { runCli } from '../support/cli.ts';
import { testServices } from '../support/datasets.ts';
import { writeRatingsCsv, type LetterboxdRow } from '../support/letterboxd.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';

describe.skipIf(!hasSharedData)(
  `Letterboxd import on real titles (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    let t: ReturnType<typeof testServices>;
    let file: string;
    const truth = new Map<number, string>(); // CSV line -> tconst
    let outcome: LetterboxdOutcome;
    let parsed: ParsedLetterboxd;

    beforeAll(async () => {
      t = testServices('reeltaste-lb-');
      await ingestMovieLens(t.s, dataPath('ml-latest-small'));
      await ingestImdb(t.s, [
        dataPath('imdb/head50k-2025/title.basics.tsv'),
        dataPath('imdb/title.ratings.tsv.gz'),
      ]);
      const indexed = new Set(t.s.db.prepare('SELECT tconst FROM search_titles').pluck().all() as string[]);
      const rows: LetterboxdRow[] = [];
      const seen = new Set<string>();
      for (const name of ['export-ethanfuerst.csv', 'export-mcanouil.csv']) {
        for (const r of readExportFile(dataPath('imdb-exports', name)).rows) {
          // Letterboxd lists films; only titles the catalogue holds can be matched at all.
          if (r.titleType !== 'movie' || !indexed.has(r.tconst) || r.year === null || seen.has(r.tconst))
            continue;
          seen.add(r.tconst);
          const i = rows.length;
          let title = r.title;
          let year = r.year;
          if (i % 17 === 3) year += i % 2 ? 1 : -1;
          if (i % 13 === 5) title = fold(title).replace(/(^|\s)\S/g, (c) => c.toUpperCase());
          if (i % 11 === 7)
            title = title.includes(' & ') ? title.replace(' & ', ' and ') : title.replace(' and ', ' & ');
          if (i % 19 === 2) title = title.toLowerCase();
          truth.set(i + 2, r.tconst);
          rows.push({ name: title, year, stars: r.rating / 2, date: r.dateRated ?? '2020-01-01' });
        }
      }
      file = writeRatingsCsv(t.dir, rows);
      parsed = await readLetterboxdFile(file);
      const job = t.s.letterboxd.start(file, parsed);
      outcome = await job.done;
    }, 300_000);
    afterAll(() => t?.close());

    it('matches at least 95% of 200+ real films automatically, none wrongly', () => {
      const rows = t.s.db
        .prepare<[number], { line: number; status: string; tconst: string | null; name: string }>(
          'SELECT line, status, tconst, name FROM letterboxd_rows WHERE import_id = ? ORDER BY line',
        )
        .all(outcome.importId);
      expect(truth.size).toBeGreaterThanOrEqual(200);
      expect(rows).toHaveLength(truth.size);
      const matched = rows.filter((r) => r.status === 'matched');
      const wrong = matched.filter((r) => r.tconst !== truth.get(r.line));
      // The baseline, in the same run: the name exactly as IMDb or MovieLens stores it, and the year.
      const naive = t.s.db.prepare<[string, number, string, number], number>(
        `SELECT count(*) FROM (SELECT tconst FROM imdb_titles WHERE primary_title = ? AND start_year = ?
                            UNION SELECT tconst FROM movies WHERE title = ? AND year = ?)`,
      );
      const naiveMatched = parsed.entries.filter(
        (e) => naive.pluck().get(e.name, e.year!, e.name, e.year!) === 1,
      ).length;
      const rate = matched.length / rows.length;
      console.log(
        `Letterboxd match on ${rows.length} real films: ${matched.length} automatic (${(100 * rate).toFixed(1)}%), ${wrong.length} wrong, ` +
          `${outcome.letterboxd.ambiguous} ambiguous, ${outcome.letterboxd.unmatched} unmatched; by how: ${JSON.stringify(outcome.letterboxd.byHow)}. ` +
          `Baseline (exact stored name and year): ${naiveMatched} (${((100 * naiveMatched) / rows.length).toFixed(1)}%).`,
      );
      expect(wrong.map((r) => `${r.line} ${r.name}: ${r.tconst} not ${truth.get(r.line)}`)).toEqual([]);
      expect(rate).toBeGreaterThanOrEqual(0.95);
      expect(matched.length).toBeGreaterThan(naiveMatched);
      expect(outcome.rows).toBe(matched.length);
      expect(outcome.letterboxd.automatic).toBe(matched.length);
    });

    it('lists the rest with their candidates, resolvable with --resolve ROW=TCONST', () => {
      expect(outcome.unresolved.length).toBe(truth.size - outcome.letterboxd.automatic);
      const ambiguous = outcome.unresolved.filter((u) => u.status === 'ambiguous');
      for (const u of ambiguous) expect(u.candidates.length).toBeGreaterThan(0);
      if (process.env.REELTASTE_DEBUG)
        for (const u of outcome.unresolved) {
          const want = t.s.db
            .prepare('SELECT title, year FROM search_titles WHERE tconst = ?')
            .get(truth.get(u.row));
          console.log(
            u.status,
            JSON.stringify(u.name),
            u.year,
            '->',
            JSON.stringify(want),
            u.candidates.map((c) => `${c.title} (${c.year})`).join(' | '),
          );
        }
      const offered = ambiguous.filter((u) => u.candidates.some((c) => c.tconst === truth.get(u.row)));
      console.log(
        `${offered.length} of ${ambiguous.length} ambiguous rows offer the right title among their candidates.`,
      );
      const picks = outcome.unresolved.flatMap((u) => ['--resolve', `${u.row}=${truth.get(u.row)}`]);
      const r = runCli(['--data-dir', t.dir, '--json', 'import-ratings', file, ...picks]);
      expect(r.status, r.stderr).toBe(0);
      const again = r.json<LetterboxdOutcome>();
      expect(again.unresolved).toEqual([]);
      expect(again.letterboxd.resolved).toBe(outcome.unresolved.length);
      // A re-import merges: what was imported before is unchanged, the picks are new.
      expect(again.unchanged).toBe(outcome.added);
      expect(again.added).toBe(outcome.unresolved.length);
      const stored = t.s.db.prepare('SELECT count(*) FROM profile_ratings').pluck().get() as number;
      expect(stored).toBe(new Set(truth.values()).size);
    });
  },
);
