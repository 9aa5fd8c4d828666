// `reeltaste rate "TITLE"|TCONST [--year Y] [--max-steps 10] [--jsonl]`: rates a title you watched
// in a few comparisons with titles you rated (a series or a film newer than MovieLens too: it starts
// from the model's prediction from its metadata and lands on your scale through them), then saves
// the rating. An IMDb id (tt…) names the title directly, without the search. With --jsonl: the matches and each pair as JSON objects on stdout (each pair
// lists the answers it accepts), one answer per line on stdin (a match number; 1, 2, =, s, h, u,
// q), and {tconst, title, rating, low, high, steps, skipped} last. Every prompt shown, skipped or
// not, counts toward --max-steps.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { RateMatch, RatePrior, RateResult, RateState } from '../../elicit/types.ts';
import { ANSWERS, readAnswer, side, tell, titleLine } from './answers.ts';

/** An IMDb id: the title named directly (a 2024 film or a series the search may rank low). */
const TCONST = /^tt\d{7,9}$/;

const PRIOR_WORDS: Record<RatePrior, string> = {
  model: "from the model's prediction",
  metadata: "from the model's prediction from its metadata",
  'your-ratings': 'from how you usually rate',
};

const HELP =
  '1 or 2 (the one you prefer), = about the same, s skip (h: not seen, also a skip), u undo, q quit';

export const rate: Command<RateResult> = {
  name: 'rate',
  summary: 'Rate a title you watched in about 7 comparisons with titles you rated',
  usage: 'rate "TITLE"|TCONST [--year Y] [--max-steps 10] [--jsonl]',
  options: {
    year: { type: 'string' },
    'max-steps': { type: 'string', default: '10' },
    jsonl: { type: 'boolean', default: false },
  },
  async run(ctx, { values, positionals }) {
    if (positionals.length !== 1 || !positionals[0]!.trim())
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste rate "TITLE"|TCONST [--year Y] [--max-steps 10].',
      );
    const year = values.year === undefined ? undefined : Number(values.year);
    if (year !== undefined && (!Number.isInteger(year) || year < 1870 || year > 2100))
      throw new AppError('INVALID_INPUT', `--year must be a year such as 1999 (got ${String(values.year)}).`);
    const maxSteps = Number(values['max-steps']);
    if (!Number.isInteger(maxSteps) || maxSteps < 1 || maxSteps > 30)
      throw new AppError(
        'INVALID_INPUT',
        `--max-steps must be a whole number from 1 to 30 (got ${String(values['max-steps'])}).`,
      );
    const s = ctx.services();
    const query = positionals[0]!.trim();
    let tconst: string;
    if (TCONST.test(query)) tconst = query;
    else {
      const matches = await s.elicit.findTitles(query, { year, limit: 10 });
      if (matches.length === 0)
        throw new AppError(
          'NOT_FOUND',
          `No title matches "${query}"${year ? ` from ${year}` : ''} in the catalogue or your ratings.`,
        );
      const target = matches.length === 1 ? matches[0]! : await choose(matches);
      if (!target) throw new AppError('CANCELLED', 'No title chosen: nothing was rated.');
      tconst = target.tconst;
    }
    let st = s.elicit.rateStart(tconst, { maxSteps });
    if (!ctx.jsonl)
      ctx.say(`Rating ${titleLine(st.target)} (${PRIOR_WORDS[st.prior]}): which do you prefer? ${HELP}.`);
    while (!st.done) {
      show(st);
      const answer = await readAnswer(ctx, `[${prompts(st) + 1}/${maxSteps}] > `, HELP);
      if (!answer) continue; // the prompt is shown again
      if (answer.kind === 'quit') return s.elicit.rateResult(st.sessionId);
      try {
        if (answer.kind === 'undo') st = s.elicit.rateUndo(st.sessionId);
        // Every anchor is a title you rated, so "not seen" here means: ask another one.
        else
          st = s.elicit.rateAnswer(
            st.sessionId,
            answer.kind === 'choose' ? answer.side : answer.kind === 'tie' ? 'tie' : 'skip',
          );
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        tell(ctx, err.message);
      }
    }
    const result = s.elicit.rateSave(st.sessionId);
    await s.profile.settled();
    return result;

    async function choose(list: RateMatch[]): Promise<RateMatch | null> {
      if (ctx.jsonl) ctx.emit({ prompt: 'matches', matches: list.map((m, i) => ({ n: i + 1, ...m })) });
      else {
        ctx.say(`Several titles match "${query}":`);
        list.forEach((m, i) =>
          ctx.say(
            `  ${i + 1}) ${titleLine(m)}${m.imdbVotes ? `, ${m.imdbVotes.toLocaleString('en-US')} votes` : ''}`,
          ),
        );
      }
      for (;;) {
        const line = await ctx.readLine('Which one? (number, q to quit) > ');
        if (line === null || line.toLowerCase() === 'q') return null;
        const n = Number(line);
        if (Number.isInteger(n) && n >= 1 && n <= list.length) return list[n - 1]!;
        tell(ctx, `Type a number from 1 to ${list.length}, or q.`);
      }
    }

    /** Prompts shown so far: answered (steps[0] is the prior) and skipped. */
    function prompts(state: RateState): number {
      return state.steps.length - 1 + state.skipped;
    }

    function show(state: RateState): void {
      const anchor = state.anchor!;
      if (ctx.jsonl) {
        ctx.emit({
          prompt: 'pair',
          step: prompts(state) + 1,
          of: state.maxSteps,
          pair: [side(state.target), side(anchor)],
          estimate: state.estimate,
          low: state.low,
          high: state.high,
          answers: ANSWERS,
        });
        return;
      }
      ctx.say('');
      ctx.say(`  now ${state.estimate.toFixed(1)} (80%: ${state.low}–${state.high})`);
      ctx.say(`  1) ${titleLine(state.target)}`);
      ctx.say(`  2) ${titleLine(anchor)}`);
    }
  },
  human(r) {
    const skips = r.skipped ? ` (${r.skipped} skipped)` : '';
    const interval = r.low === r.high ? `${r.low}` : `${r.low}–${r.high}`;
    return `${r.title}: ${r.rating}/10 (80% interval ${interval}) after ${r.steps} comparisons${skips}. ${r.saved ? 'Saved to your ratings.' : 'Not saved.'}`;
  },
};
