// `reeltaste recommend`: what to watch next, as the original recommend_irt.py did: Thompson
// sampling over your taste posterior (scored in the compute worker), with genre, year, votes and
// type filters. --json prints an array of { tconst, title, year, genres, predicted, low, high,
// imdbRating, imdbVotes, source } (source: "ratings" | "metadata"; and `why` with --show-details); --list-genres lists the dataset's genres.
// --on SERVICE (repeatable; names or ids from `where` / `watch-providers`) and --free keep the titles
// you can watch, checked a few hundred deep so the list still fills; each then carries `where`
// ('on' or 'unknown': availability not known yet is kept and marked, never dropped) and `providers`.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { recommendRequestSchema } from '../../recommend/schemas.ts';
import type { Explanation, Recommendation, RecommendRequest } from '../../recommend/types.ts';
import { ATTRIBUTION } from '../../where/types.ts';
import { runJob } from './job-runner.ts';
import { intOption } from './train.ts';

/** One `recommend --json` object (a public interface: keep the fields as named). */
export type RecommendedJson = Pick<
  Recommendation,
  | 'tconst'
  | 'title'
  | 'year'
  | 'genres'
  | 'predicted'
  | 'low'
  | 'high'
  | 'imdbRating'
  | 'imdbVotes'
  | 'source'
> & { why?: Explanation; where?: 'on' | 'unknown'; providers?: string[] };

/** How deep `--on` / `--free` look for titles you can watch (a few hundred, through the TMDB gate). */
export const ON_DEPTH = 300;

const FLAG: Record<string, string> = {
  topN: '--top-n',
  seed: '--seed',
  explore: '--explore',
  genres: '--genre',
  genreMode: '--genre-mode',
  yearMin: '--year-min',
  yearMax: '--year-max',
  minVotes: '--min-votes',
  type: '--type',
};

function exploreOption(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const x = Number(raw);
  if (!(x >= 0 && x <= 1))
    throw new AppError('INVALID_INPUT', `--explore must be a number from 0 to 1 (got "${String(raw)}").`);
  return x;
}

function request(values: Record<string, unknown>): Omit<RecommendRequest, 'details'> {
  const mode = values['genre-mode'];
  if (mode !== undefined && mode !== 'any' && mode !== 'all')
    throw new AppError('INVALID_INPUT', `--genre-mode must be any or all (got "${String(mode)}").`);
  const type = values.type;
  if (type !== undefined && type !== 'movie' && type !== 'series')
    throw new AppError('INVALID_INPUT', `--type must be movie or series (got "${String(type)}").`);
  const raw = {
    topN: intOption(values, 'top-n', 1, 1000) ?? 30,
    seed: intOption(values, 'seed', 0, 2 ** 31 - 1),
    explore: exploreOption(values.explore),
    genres: values.genre as string[] | undefined,
    genreMode: mode as 'any' | 'all' | undefined,
    yearMin: intOption(values, 'year-min', 1870, 2100),
    yearMax: intOption(values, 'year-max', 1870, 2100),
    minVotes: intOption(values, 'min-votes', 0, 2 ** 31 - 1),
    type: type as 'movie' | 'series' | undefined,
  };
  const parsed = recommendRequestSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success)
    throw new AppError(
      'INVALID_INPUT',
      parsed.error.issues
        .map((i) => `${i.path.length ? FLAG[String(i.path[0])] : '--year-min/--year-max'}: ${i.message}`)
        .join('; '),
    );
  return parsed.data;
}

const votes = (n: number | null) =>
  n === null ? '' : n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${Math.round(n / 1e3)}k` : String(n);

export const recommend: Command<RecommendedJson[] | string[]> = {
  name: 'recommend',
  summary: 'What to watch next: titles ranked for you by Thompson sampling over your taste',
  usage:
    'recommend [--top-n 30] [--genre G ...] [--genre-mode any|all] [--seed 42] [--explore 0..1] [--show-details] [--list-genres] [--year-min Y] [--year-max Y] [--min-votes N] [--type movie|series] [--on SERVICE ...] [--free] [--region GB]',
  options: {
    'top-n': { type: 'string' },
    genre: { type: 'string', multiple: true },
    'genre-mode': { type: 'string' },
    seed: { type: 'string' },
    explore: { type: 'string' },
    'show-details': { type: 'boolean' },
    'list-genres': { type: 'boolean' },
    'year-min': { type: 'string' },
    'year-max': { type: 'string' },
    'min-votes': { type: 'string' },
    type: { type: 'string' },
    on: { type: 'string', multiple: true },
    free: { type: 'boolean' },
    region: { type: 'string' },
  },
  async run(ctx, { values }) {
    const s = ctx.services();
    if (values['list-genres']) {
      const genres = s.recommend.genres();
      if (!genres.length)
        throw new AppError(
          'NO_DATA',
          'There are no genres yet: import MovieLens first (reeltaste ingest movielens PATH).',
        );
      for (const g of genres) ctx.say(g);
      return genres;
    }
    const req = request(values);
    s.recommend.assertReady();
    const job = s.recommend.ensureImplicit();
    if (job) await runJob(ctx, job);
    const details = values['show-details'] === true;
    const on = (values.on as string[] | undefined) ?? [];
    const free = values.free === true;
    const region = values.region as string | undefined;
    const filtering = on.length > 0 || free;
    // Services are resolved before anything slow: an unknown name fails at once.
    const services = filtering ? await s.where.resolveServices(on, region) : [];
    const r = await s.recommend.recommend({
      ...req,
      topN: filtering ? Math.max(ON_DEPTH, req.topN ?? 30) : req.topN,
      details,
    });
    const marks = new Map<string, { where: 'on' | 'unknown'; providers: string[] }>();
    if (filtering) {
      const want = req.topN ?? 30;
      const f = await s.where.filter(r.items, { services: services.map((p) => p.id), free, want, region });
      r.items = f.items.map((x) => x.item);
      for (const x of f.items) marks.set(x.item.tconst, { where: x.where, providers: x.providers });
      ctx.say(
        `On ${[...services.map((p) => p.name), ...(free ? ['free'] : [])].join(', ')}: ${f.on} of ${f.checked} checked titles` +
          (f.unknown ? ` · ${f.unknown} with unknown availability (marked ?)` : '') +
          (f.on < want ? ` · only ${f.on} within the top ${f.checked}` : ''),
      );
      ctx.say(ATTRIBUTION);
    }
    const width = Math.min(48, Math.max(5, ...r.items.map((x) => x.title.length + 7)));
    if (r.items.length)
      ctx.say(`${' #'.padEnd(4)}${'Title'.padEnd(width)}  You   80%         IMDb        Genres`);
    r.items.forEach((x, i) => {
      const name = `${x.title}${x.year ? ` (${x.year})` : ''}`;
      const imdb = x.imdbRating === null ? '—' : `${x.imdbRating.toFixed(1)} (${votes(x.imdbVotes)})`;
      ctx.say(
        `${String(i + 1).padStart(3)}${marks.get(x.tconst)?.where === 'unknown' ? '?' : ' '}${name.slice(0, width).padEnd(width)}  ${x.predicted.toFixed(1).padStart(4)}  ${`${x.low.toFixed(1)}–${x.high.toFixed(1)}`.padEnd(10)}  ${imdb.padEnd(10)}  ${x.genres.join(', ')}`,
      );
      if (x.why) ctx.say(`      why: ${x.why.summary}`);
      const m = marks.get(x.tconst);
      if (m?.where === 'on') ctx.say(`      on: ${m.providers.join(', ')}`);
    });
    if (!r.items.length)
      ctx.say(
        req.type === 'series'
          ? 'No series match: the model knows the series MovieLens lists, and tells them from films by IMDb title types (reeltaste ingest imdb title.basics.tsv.gz).'
          : 'No title matches these filters: widen them.',
      );
    ctx.say(
      `${r.items.length} of ${r.matching.toLocaleString('en-US')} matching titles · seed ${r.seed} (same seed, same list) · explore ${r.explore}` +
        (r.implicit ? '' : ' · without the implicit model (it could not be trained)'),
    );
    return r.items.map((x) => ({
      tconst: x.tconst,
      title: x.title,
      year: x.year,
      genres: x.genres,
      predicted: x.predicted,
      low: x.low,
      high: x.high,
      imdbRating: x.imdbRating,
      imdbVotes: x.imdbVotes,
      source: x.source,
      ...(details ? { why: x.why } : {}),
      ...(filtering ? marks.get(x.tconst) : {}),
    }));
  },
};
