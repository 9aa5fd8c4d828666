// What `calibrate` and `rate` share: reading one answer per line (1, 2, =, s, h, u, q, or a match
// number), and showing a title in a prompt (a line in a terminal, an object with --jsonl).
import type { CliContext } from '../command.ts';
import type { TitleCard } from '../../elicit/types.ts';

export type LineAnswer =
  | { kind: 'choose'; side: 'a' | 'b' }
  | { kind: 'tie' }
  | { kind: 'skip' }
  | { kind: 'not-seen'; side?: 'a' | 'b' }
  | { kind: 'undo' }
  | { kind: 'quit' };

const KEYS: Record<string, LineAnswer> = {
  '1': { kind: 'choose', side: 'a' },
  '2': { kind: 'choose', side: 'b' },
  '=': { kind: 'tie' },
  s: { kind: 'skip' },
  h: { kind: 'not-seen' },
  h1: { kind: 'not-seen', side: 'a' },
  h2: { kind: 'not-seen', side: 'b' },
  u: { kind: 'undo' },
  q: { kind: 'quit' },
};

/** The answers a prompt accepts, as a JSONL prompt lists them (`h1` / `h2` are h with a side). */
export const ANSWERS = ['1', '2', '=', 's', 'h', 'u', 'q'] as const;

export const ANSWER_HELP =
  '1 or 2 (the one you prefer), = about the same, s skip, h not seen, u undo, q quit';

/** Reads one answer; end of input counts as quit; null (after saying why) when it is not one. */
export async function readAnswer(
  ctx: CliContext,
  prompt: string,
  help = ANSWER_HELP,
): Promise<LineAnswer | null> {
  const line = await ctx.readLine(prompt);
  if (line === null) return { kind: 'quit' };
  const answer = KEYS[line.toLowerCase()];
  if (!answer) tell(ctx, `Not an answer: "${line}". Type ${help}.`);
  return answer ?? null;
}

/** A message for the person answering: a line in a terminal, {"message"} with --jsonl. */
export function tell(ctx: CliContext, message: string): void {
  if (ctx.jsonl) ctx.emit({ message });
  else ctx.say(message);
}

/** A title as a prompt shows it. */
export function side(card: TitleCard) {
  return {
    tconst: card.tconst,
    title: card.title,
    year: card.year,
    type: card.type,
    yourRating: card.yourRating,
    maybeSeen: card.maybeSeen,
  };
}

export function titleLine(card: Pick<TitleCard, 'title' | 'year' | 'type' | 'yourRating'>): string {
  const facts = [card.year ?? '', card.type === 'movie' ? '' : card.type].filter(Boolean).join(', ');
  const yours = card.yourRating !== null ? ` — you rated it ${card.yourRating}` : '';
  return `${card.title}${facts ? ` (${facts})` : ''}${yours}`;
}
