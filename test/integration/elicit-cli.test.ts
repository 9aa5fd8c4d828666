// `calibrate` and `rate` as a script drives them with --jsonl, over MovieLens, a trained model and a
// real export with series (aureliome's, in Italian): a series from the export is rated against the
// user's films and lands in the profile on the 1-10 scale; the arena answers 1, 2, s, h, u, q.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { readExportFile } from '../../main/profile/imdb-export/parse.ts';
import { runCli, runCliInteractive } from '../support/cli.ts';
import { dataPath, hasSharedData, sharedDataSkipReason } from '../support/shared-data.ts';
import { tempDir } from '../support/tmp.ts';

const EXPORT = 'imdb-exports/export-aureliome.csv';

describe.skipIf(!hasSharedData)(
  `calibrate and rate --jsonl (${hasSharedData ? 'shared data' : sharedDataSkipReason})`,
  () => {
    const dir = tempDir();
    const cli = (...args: string[]) => runCli(['--data-dir', dir.path, ...args]);
    const db = () => new BetterSqlite3(join(dir.path, 'reeltaste.db'), { readonly: true });
    beforeAll(() => {
      expect(cli('--json', 'ingest', 'movielens', dataPath('ml-latest-small')).status).toBe(0);
      expect(cli('--json', 'train', '--epochs', '10').status).toBe(0);
      expect(cli('--json', 'import-ratings', dataPath(EXPORT)).status).toBe(0);
    });
    afterAll(() => dir.remove());

    it('rates a series from the export against your films: it lands in the profile on your 1-10 scale', async () => {
      const series = readExportFile(dataPath(EXPORT)).rows.find((r) => r.title === 'Taboo')!;
      expect(series).toMatchObject({ tconst: 'tt3647998', titleType: 'tvSeries', rating: 6 });
      const anchors: { type: string; yourRating: number }[] = [];
      const run = await runCliInteractive(
        ['--data-dir', dir.path, 'rate', 'Taboo', '--year', '2017', '--jsonl'],
        (prompt) => {
          if (prompt.prompt === 'matches') {
            const matches = prompt.matches as { n: number; tconst: string }[];
            return String(matches.find((m) => m.tconst === series.tconst)!.n);
          }
          const [title, anchor] = prompt.pair as { tconst: string; type: string; yourRating: number }[];
          expect(title).toMatchObject({
            tconst: series.tconst,
            title: 'Taboo',
            year: 2017,
            type: 'tvSeries',
          });
          anchors.push(anchor!);
          // Answered from the true rating (6); against a title rated the same, about the same.
          expect(prompt.answers).toEqual(['1', '2', '=', 's', 'h', 'u', 'q']);
          const a = anchor!.yourRating;
          return series.rating > a ? '1' : series.rating < a ? '2' : '=';
        },
      );
      expect(run.status).toBe(0);
      const result = run.objects.at(-1)!;
      expect(Object.keys(result)).toEqual([
        'tconst',
        'title',
        'rating',
        'low',
        'high',
        'steps',
        'skipped',
        'saved',
      ]);
      expect(result.skipped).toBe(0);
      expect(result).toMatchObject({ tconst: series.tconst, title: 'Taboo', saved: true });
      const rating = result.rating as number;
      expect(Number.isInteger(rating) && rating >= 1 && rating <= 10).toBe(true);
      expect(result.low as number).toBeLessThanOrEqual(series.rating);
      expect(result.high as number).toBeGreaterThanOrEqual(series.rating);
      expect(result.steps).toBe(anchors.length);
      expect(anchors.length).toBeLessThanOrEqual(10);
      // The anchors are the user's own rated titles, films above all.
      expect(anchors.filter((a) => a.type === 'movie').length).toBeGreaterThan(anchors.length / 2);
      const d = db();
      try {
        expect(
          d
            .prepare('SELECT rating, source, title_type FROM profile_ratings WHERE tconst = ?')
            .get(series.tconst),
        ).toEqual({
          rating,
          source: 'in-app',
          title_type: 'tvSeries',
        });
        expect(
          d
            .prepare("SELECT count(*) FROM profile_comparisons WHERE source = 'rate' AND a_tconst = ?")
            .pluck()
            .get(series.tconst),
        ).toBe(anchors.length);
        expect(
          d.prepare("SELECT kind, target_tconst, answered FROM elicit_sessions WHERE kind = 'rate'").get(),
        ).toEqual({
          kind: 'rate',
          target_tconst: series.tconst,
          answered: anchors.length,
        });
      } finally {
        d.close();
      }
      // Without --jsonl, the same command talks to a person.
      const human = runCli(['--data-dir', dir.path, 'rate', 'no such title at all']);
      expect(human.status).toBe(1);
      expect(human.stderr).toMatch(/No title matches "no such title at all"/);
    });

    it('runs the arena with 1, 2, =, s, h, u and q, and stores what was answered', async () => {
      const answers = ['1', '2', 's', 'u', '2', 'h', 'x', '1', '=', 'q'];
      const seen: string[] = [];
      const run = await runCliInteractive(
        ['--data-dir', dir.path, 'calibrate', '--n-rounds', '20', '--rule', 'entropy', '--jsonl'],
        (prompt) => {
          const pair = prompt.pair as { tconst: string; title: string; year: number; type: string }[];
          expect(pair).toHaveLength(2);
          expect(prompt.answers).toEqual(['1', '2', '=', 's', 'h', 'u', 'q']);
          for (const side of pair)
            expect(Object.keys(side)).toEqual(expect.arrayContaining(['tconst', 'title', 'year', 'type']));
          seen.push(`${pair[0]!.tconst}|${pair[1]!.tconst}`);
          return answers.shift() ?? 'q';
        },
      );
      expect(run.status).toBe(0);
      const messages = run.objects.filter((o) => 'message' in o).map((o) => o.message as string);
      // "x" is not an answer; "h" needs a side when both titles are ones you know (rated).
      expect(messages.some((m) => /Not an answer: "x"/.test(m))).toBe(true);
      const result = run.objects.at(-1)!;
      // 1, 2 answered; s skipped (a new pair), u took the skip back (the skipped pair again), 2 answered;
      // h marked a title not seen or was refused; then 1, = (about the same: an answer, a tie), q.
      expect(seen[4]).toBe(seen[2]);
      expect(result).toMatchObject({ rule: 'entropy', answered: 5, ties: 1, skipped: 0 });
      const d = db();
      try {
        const rows = d
          .prepare(
            "SELECT a_tconst, b_tconst, answer, p_a, session_id FROM profile_comparisons WHERE source = 'arena' ORDER BY id",
          )
          .all() as { a_tconst: string; b_tconst: string; answer: string; p_a: number; session_id: number }[];
        expect(rows).toHaveLength(5);
        expect(rows.map((r) => r.answer)).toEqual(['a', 'b', 'b', 'a', '=']);
        expect(rows.every((r) => r.session_id === result.sessionId && r.p_a > 0 && r.p_a < 1)).toBe(true);
      } finally {
        d.close();
      }
    });
  },
);
