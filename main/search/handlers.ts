// The search domain's IPC handlers: the search box (latest query wins per client), the title page
// and the Letterboxd rows left to resolve.
import type { Handlers } from '../ipc/dispatch.ts';
import type { SearchService } from './service.ts';

type SearchChannel = Extract<keyof Handlers, `search/${string}`>;

export function searchHandlers(search: SearchService): Pick<Handlers, SearchChannel> {
  return {
    'search/query': async ({ query, client, ...opts }) => {
      const hits = await search.latest(client ?? 'default', query, opts);
      return { hits: hits ?? [], superseded: hits === null };
    },
    'search/title': ({ tconst }) => search.title(tconst),
    'search/unresolved': ({ importId }) => search.unresolved(importId),
    'search/resolve': ({ importId, row, tconst }) => search.resolveLetterboxd(importId, row, tconst),
  };
}
