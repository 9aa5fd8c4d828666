// The posters domain's IPC handlers: Settings → Posters (the TMDB key and the cache).
import type { Handlers } from '../ipc/dispatch.ts';
import type { PosterService } from './service.ts';

type PostersChannel = Extract<keyof Handlers, `posters/${string}`>;

export function postersHandlers(posters: PosterService): Pick<Handlers, PostersChannel> {
  return {
    'posters/status': () => posters.status(),
    'posters/setKey': ({ key }) => posters.setKey(key),
    'posters/clearKey': () => posters.clearKey(),
    'posters/clearCache': () => posters.clearCache(),
    'posters/setCacheCap': ({ megabytes }) => posters.setCacheCap(megabytes),
  };
}
