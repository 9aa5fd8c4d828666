// `reeltaste predict TCONST|"TITLE" [--year Y] [--min-votes N]`: would I like this? (--min-votes: the
// catalogue's vote floor for titles outside MovieLens, Settings → Data's unless given.) Your predicted rating and its
// 80% interval for any catalogue title, with `source`: "ratings" (a MovieLens film the model trained
// on; why: the films you rated closest to it, the taste factors involved, what people who watched
// your films also watched) or "metadata" (a newer film or a series, placed from IMDb's metadata).
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import type { TitleDetails } from '../../recommend/types.ts';
import { intOption } from './train.ts';

type Prediction = TitleDetails & { alternatives: { tconst: string; title: string; year: number | null }[] };

const name = (t: { title: string; year: number | null }) => `${t.title}${t.year ? ` (${t.year})` : ''}`;

export const predict: Command<Prediction> = {
  name: 'predict',
  summary: 'Your predicted rating (with its 80% interval) of a title, and why',
  usage: 'predict TCONST|"TITLE" [--year Y] [--min-votes N]',
  options: { year: { type: 'string' }, 'min-votes': { type: 'string' } },
  async run(ctx, { values, positionals }) {
    const query = positionals.join(' ').trim();
    if (!query)
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste predict TCONST|"TITLE" [--year Y] (e.g. predict "The Matrix").',
      );
    return ctx
      .services()
      .recommend.predict(
        query,
        intOption(values, 'year', 1870, 2100),
        intOption(values, 'min-votes', 1, 10_000_000),
      );
  },
  human(p) {
    const lines = [
      `${name(p)}${p.genres.length ? ` · ${p.genres.join(', ')}` : ''}${p.imdbRating !== null ? ` · IMDb ${p.imdbRating.toFixed(1)} (${(p.imdbVotes ?? 0).toLocaleString('en-US')} votes)` : ''} · ${p.tconst}`,
      `Your predicted rating: ${p.predicted!.toFixed(1)} (80% interval ${p.low!.toFixed(1)}–${p.high!.toFixed(1)})${p.yourRating !== null ? `; you rated it ${p.yourRating}` : ''}${p.source === 'metadata' ? ' · from metadata (IMDb genres, year, people; not MovieLens ratings)' : ''}`,
    ];
    if (p.why) {
      lines.push(`Why: ${p.why.summary}`);
      for (const f of p.why.factors)
        lines.push(
          `  taste factor ${f.factor} (${f.points >= 0 ? '+' : '−'}${Math.abs(f.points).toFixed(2)}): like ${f.like.join(', ')}; unlike ${f.unlike.join(', ')}`,
        );
    }
    if (p.alternatives.length)
      lines.push(
        `Also matching: ${p.alternatives.map((a) => `${name(a)} ${a.tconst}`).join('; ')} (use --year or the id).`,
      );
    return lines.join('\n');
  },
};
