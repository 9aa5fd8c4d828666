// `reeltaste search "QUERY" [--limit 10] [--type movie|series] [--year Y]`: titles for a query, best
// match first (typos, accents, articles and punctuation forgiven), with year and type to tell
// remakes apart. --json prints [{tconst, title, originalTitle, year, type, imdbRating, imdbVotes, inModel}].
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { SearchHit, TitleKind } from '../../search/types.ts';

const whole = (flag: string, text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new AppError('INVALID_INPUT', `--${flag} needs a whole number, not "${text}".`);
  return Number(text);
};

export const search: Command<SearchHit[]> = {
  name: 'search',
  summary: 'Search every title by name (typos, accents and articles forgiven)',
  usage: 'search "QUERY" [--limit 10] [--type movie|series] [--year Y]',
  options: {
    limit: { type: 'string', default: '10' },
    type: { type: 'string' },
    year: { type: 'string' },
  },
  async run(ctx, { positionals, values }) {
    if (positionals.length !== 1)
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste search "QUERY" [--limit 10] [--type movie|series] [--year Y]',
      );
    const type = values.type as string | undefined;
    if (type !== undefined && type !== 'movie' && type !== 'series')
      throw new AppError('INVALID_INPUT', `--type must be movie or series, not "${type}".`);
    return ctx.services().search.search(positionals[0]!, {
      limit: whole('limit', values.limit as string),
      type: type as TitleKind | undefined,
      year: whole('year', values.year as string | undefined),
    });
  },
  human(hits) {
    if (hits.length === 0) return 'No titles found.';
    return hits
      .map((h) => {
        const votes =
          h.imdbVotes !== null
            ? ` · ${h.imdbRating?.toFixed(1)} (${h.imdbVotes.toLocaleString('en-US')} votes)`
            : '';
        const aka = h.originalTitle ? ` [${h.originalTitle}]` : '';
        return `${h.tconst}  ${h.title}${aka} (${h.year ?? '?'}) ${h.type}${votes}${h.inModel ? ' · in model' : ''}`;
      })
      .join('\n');
  },
};
