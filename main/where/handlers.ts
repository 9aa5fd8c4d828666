// The where-to-watch domain's IPC handlers: a title's availability, the region's services, and
// Settings → My services (region and services).
import type { Handlers } from '../ipc/dispatch.ts';
import type { WhereService } from './service.ts';

type WhereChannel = Extract<keyof Handlers, `where/${string}`>;

export function whereHandlers(where: WhereService): Pick<Handlers, WhereChannel> {
  return {
    'where/title': ({ tconst, region }) => where.availability(tconst, region),
    'where/providers': (input) => where.providers(input?.region),
    'where/regions': () => where.regions(),
    'where/settings': () => where.settings(),
    'where/setRegion': ({ region }) => where.setRegion(region),
    'where/setServices': ({ ids }) => where.setServices(ids),
    'where/filter': async ({ tconsts, onServices, free, want }) => {
      const f = await where.filter(
        tconsts.map((tconst) => ({ tconst })),
        { services: onServices ? where.settings().services : [], free, want },
      );
      return {
        ...f,
        items: f.items.map((x) => ({
          tconst: x.item.tconst,
          where: x.where,
          providers: x.providers,
          message: x.message,
        })),
      };
    },
  };
}
