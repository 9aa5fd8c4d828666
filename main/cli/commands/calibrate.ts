// `reeltaste calibrate [--n-rounds 20] [--rule info|entropy|random] [--jsonl]`: the arena in the
// terminal. Each round shows two titles you know (or a popular one you may have seen); your answer
// updates your taste at once. With --jsonl a JSON object per prompt on stdout, one answer per line
// on stdin, and the result last.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { ARENA_RULES } from '../../elicit/arena/select.ts';
import type { ArenaRule, ArenaState, CalibrateResult } from '../../elicit/types.ts';
import { ANSWER_HELP, ANSWERS, readAnswer, side, tell, titleLine } from './answers.ts';

export const calibrate: Command<CalibrateResult> = {
  name: 'calibrate',
  summary: 'Sharpen your taste profile by answering "which do you prefer?"',
  usage: 'calibrate [--n-rounds 20] [--rule info|entropy|random] [--jsonl]',
  options: {
    'n-rounds': { type: 'string', default: '20' },
    rule: { type: 'string', default: 'info' },
    jsonl: { type: 'boolean', default: false },
  },
  async run(ctx, { values }) {
    const rounds = Number(values['n-rounds']);
    if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000)
      throw new AppError(
        'INVALID_INPUT',
        `--n-rounds must be a whole number from 1 to 1000 (got ${String(values['n-rounds'])}).`,
      );
    const rule = values.rule as ArenaRule;
    if (!ARENA_RULES.includes(rule))
      throw new AppError(
        'INVALID_INPUT',
        `--rule must be one of ${ARENA_RULES.join(', ')} (got ${String(values.rule)}).`,
      );
    const s = ctx.services();
    let st = s.elicit.arenaStart({ rule });
    const start = st.uncertainty.start;
    if (!ctx.jsonl) ctx.say(`Which do you prefer? Answer with ${ANSWER_HELP}.`);
    while (st.answered < rounds && st.pair) {
      show(st, rounds);
      const answer = await readAnswer(ctx, `[${st.answered + 1}/${rounds}] > `);
      if (!answer) continue; // the prompt is shown again
      if (answer.kind === 'quit') break;
      try {
        if (answer.kind === 'undo') st = s.elicit.arenaUndo(st.sessionId);
        else if (answer.kind === 'choose') st = s.elicit.arenaAnswer(st.sessionId, answer.side);
        else if (answer.kind === 'tie') st = s.elicit.arenaAnswer(st.sessionId, 'tie');
        else
          st = s.elicit.arenaAnswer(
            st.sessionId,
            answer.kind,
            answer.kind === 'not-seen' ? answer.side : undefined,
          );
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        tell(ctx, err.message);
        continue;
      }
      // The top of your recommendations, read again off the answer's path: shown in a terminal only.
      if (!ctx.jsonl && st.pair) st = await s.elicit.arenaTop(st.sessionId);
      if (st.lastAnswer?.flagged)
        tell(ctx, `That answer took ${st.lastAnswer.ms} ms: if it was a slip, type u to take it back.`);
    }
    if (!st.pair && st.message) tell(ctx, st.message);
    // Answers after an undo are folded in by a background refit: wait for it before exiting.
    await s.profile.settled();
    const end = s.elicit.arenaState(st.sessionId).uncertainty.now;
    return {
      sessionId: st.sessionId,
      rule,
      answered: st.answered,
      ties: st.ties,
      skipped: st.skipped,
      notSeen: st.notSeen,
      uncertainty: { start, end },
    };

    function show(state: ArenaState, of: number): void {
      const pair = state.pair!;
      if (ctx.jsonl) {
        ctx.emit({
          prompt: 'pair',
          round: state.answered + 1,
          of,
          pair: [side(pair.a), side(pair.b)],
          pA: pair.pA,
          uncertainty: state.uncertainty.now,
          answers: ANSWERS,
        });
        return;
      }
      ctx.say('');
      ctx.say(`  1) ${titleLine(pair.a)}${pair.a.maybeSeen ? ' (seen it?)' : ''}`);
      ctx.say(`  2) ${titleLine(pair.b)}${pair.b.maybeSeen ? ' (seen it?)' : ''}`);
      const moved = state.top.filter((e) => e.previousRank !== e.rank).slice(0, 3);
      if (state.answered > 0 && moved.length)
        ctx.say(
          `     your top moved: ${moved.map((e) => `${e.title} ${e.previousRank === null ? 'new' : `#${e.previousRank}→`}#${e.rank}`).join(', ')}`,
        );
    }
  },
  human(r) {
    const fell = r.uncertainty.start > 0 ? (1 - r.uncertainty.end / r.uncertainty.start) * 100 : 0;
    return [
      `${r.answered} answers (${r.ties} about the same; ${r.skipped} skipped, ${r.notSeen} not seen) with the ${r.rule} rule.`,
      `Taste uncertainty: ±${r.uncertainty.start.toFixed(3)} → ±${r.uncertainty.end.toFixed(3)} on your scale (${fell.toFixed(1)}% less).`,
    ].join('\n');
  },
};
