// `reeltaste where TCONST [--region GB]`: where a title streams, by kind (subscription, free or with
// ads, rent, buy), from TMDB's watch providers (JustWatch's data, credited on every output).
// `reeltaste watch-providers [--region R]`: the region's services, with the ids `recommend --on`
// takes. --json shapes are in README's CLI table.
import type { Command } from '../command.ts';
import { AppError } from '../../errors.ts';
import { TCONST } from '../../catalogue/ids.ts';
import { ATTRIBUTION, PROVIDER_KINDS, type Availability, type ProviderList } from '../../where/types.ts';

const KIND_LABEL = { subscription: 'Subscription', free: 'Free or with ads', rent: 'Rent', buy: 'Buy' };

export type WhereJson = Availability & { attribution: string };

export const where: Command<WhereJson> = {
  name: 'where',
  summary: 'Where to watch a title in your region: subscription, free, rent, buy (JustWatch via TMDB)',
  usage: 'where TCONST [--region GB]',
  options: { region: { type: 'string' } },
  async run(ctx, { positionals, values }) {
    const tconst = positionals[0];
    if (positionals.length !== 1 || !TCONST.test(tconst!))
      throw new AppError(
        'INVALID_INPUT',
        'Usage: reeltaste where TCONST [--region GB] (an IMDb id like tt0133093).',
      );
    const a = await ctx.services().where.availability(tconst!, values.region as string | undefined);
    return { ...a, attribution: ATTRIBUTION };
  },
  human(a) {
    const lines: string[] = [];
    if (a.state === 'known') {
      const any = PROVIDER_KINDS.some((k) => a.byKind[k].length);
      if (!any) lines.push(`${a.tconst} is not offered anywhere in ${a.region}, as far as JustWatch knows.`);
      for (const k of PROVIDER_KINDS)
        if (a.byKind[k].length)
          lines.push(
            `${KIND_LABEL[k].padEnd(17)} ${a.byKind[k].map((p) => `${p.name} (${p.id})`).join(', ')}`,
          );
      if (a.link) lines.push(`Providers' pages: ${a.link}`);
      lines.push(
        `Region ${a.region} · as of ${a.fetchedAt?.slice(0, 10)}${a.stale ? ' (could not refresh: offline data)' : ''}`,
      );
    } else {
      lines.push(`Availability of ${a.tconst} in ${a.region} is unknown: ${a.message}`);
    }
    if (a.stale && a.message) lines.push(a.message);
    lines.push(ATTRIBUTION);
    return lines.join('\n');
  },
};

export type WatchProvidersJson = ProviderList & { attribution: string };

export const watchProviders: Command<WatchProvidersJson> = {
  name: 'watch-providers',
  summary: 'The streaming services TMDB lists for a region, with the ids recommend --on takes',
  usage: 'watch-providers [--region GB]',
  options: { region: { type: 'string' } },
  async run(ctx, { values }) {
    const list = await ctx.services().where.providers(values.region as string | undefined);
    return { ...list, attribution: ATTRIBUTION };
  },
  human(l) {
    const lines = l.providers.map((p) => `${String(p.id).padStart(6)}  ${p.name}`);
    if (!lines.length) lines.push(`TMDB lists no services for ${l.region}.`);
    lines.push(
      `${l.providers.length} services in ${l.region} · as of ${l.fetchedAt?.slice(0, 10)}${l.stale ? ` (offline data: ${l.message})` : ''}`,
    );
    lines.push(ATTRIBUTION);
    return lines.join('\n');
  },
};
