// `reeltaste seen|watchlist|not-interested add|remove TCONST` and `... list`: your marks. A marked
// title is never suggested again (the watchlist stays listed here and in the app); `remove` undoes.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { Mark, MarkChange, MarkedTitle } from '../../recommend/types.ts';

type Result = MarkChange | MarkedTitle[];

const WORDS: Record<Mark, string> = {
  seen: 'seen',
  watchlist: 'on your watchlist',
  'not-interested': 'not interested',
};

function markCommand(mark: Mark, summary: string): Command<Result> {
  return {
    name: mark,
    summary,
    usage: `${mark} add|remove TCONST | ${mark} list`,
    async run(ctx, { positionals }) {
      const [action, tconst, ...rest] = positionals;
      const s = ctx.services();
      if (action === 'list' && !tconst) return s.recommend.marks(mark);
      if ((action === 'add' || action === 'remove') && tconst && !rest.length)
        return action === 'add' ? s.recommend.mark(tconst, mark) : s.recommend.unmark(tconst, mark);
      throw new AppError(
        'INVALID_INPUT',
        `Usage: reeltaste ${mark} add TCONST, ${mark} remove TCONST or ${mark} list.`,
      );
    },
    human(r) {
      if (Array.isArray(r)) {
        if (!r.length) return `Nothing is marked ${WORDS[mark]}.`;
        return r
          .map((m) => `${m.tconst}  ${m.title}${m.year ? ` (${m.year})` : ''}  ${m.markedAt.slice(0, 10)}`)
          .join('\n');
      }
      if (r.mark === null) return `${r.tconst} is no longer marked ${WORDS[mark]}.`;
      return `${r.tconst} is now marked ${WORDS[mark]}${r.previous && r.previous !== mark ? ` (was ${WORDS[r.previous]})` : ''}; it will not be suggested.`;
    },
  };
}

export const seen = markCommand(
  'seen',
  'Mark a title as seen (never suggested again), undo it, or list them',
);
export const watchlist = markCommand(
  'watchlist',
  'Save a title for later (kept visible, not suggested again), remove it, or list the watchlist',
);
export const notInterested = markCommand(
  'not-interested',
  'Mark a title as not interesting (never suggested again), undo it, or list them',
);
