// IPC handlers of the Letterboxd import: the rows left to resolve and the user's pick. The channels
// keep the names they had when the import lived in search/ (the invoke channels are public).
import type { Handlers } from '../../ipc/dispatch.ts';
import type { LetterboxdService } from './service.ts';

export function letterboxdHandlers(
  letterboxd: LetterboxdService,
): Pick<Handlers, 'search/unresolved' | 'search/resolve'> {
  return {
    'search/unresolved': ({ importId }) => letterboxd.unresolved(importId),
    'search/resolve': ({ importId, row, tconst }) => letterboxd.resolve(importId, row, tconst),
  };
}
