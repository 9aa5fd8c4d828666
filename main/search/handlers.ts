// The search domain's IPC handlers: the search box (latest query wins per client) and the title page
// (the Letterboxd rows left to resolve answer in profile/letterboxd/handlers.ts).
import type { Handlers } from '../ipc/dispatch.ts';
import type { SearchService } from './service.ts';

type SearchChannel = 'search/query' | 'search/title';

export function searchHandlers(search: SearchService): Pick<Handlers, SearchChannel> {
  return {
    'search/query': async ({ query, client, ...opts }) => {
      const hits = await search.latest(client ?? 'default', query, opts);
      return { hits: hits ?? [], superseded: hits === null };
    },
    'search/title': ({ tconst }) => search.title(tconst),
  };
}
