// worker_threads entry of the search domain. Query mode: a read-only connection answering searches
// and Letterboxd matching one message at a time, for as long as the app runs. Build mode: indexes
// the catalogue into the staging search tables (its own connection; main swaps them in) and exits.
// Either way main's event loop never waits on SQLite for search.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/database.ts';
import { toErrorShape } from '../errors.ts';
import { cancelled } from '../jobs/registry.ts';
import { ActiveModelCache } from '../model/service.ts';
import { movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
import { buildSearchIndex } from './build.ts';
import { matchEntry } from './match.ts';
import type {
  FromBuildThread,
  FromQueryThread,
  ThreadData,
  ToBuildThread,
  ToQueryThread,
} from './protocol.ts';
import { TitleSearcher, type RankedTitle } from './query.ts';
import type { SearchHit } from './types.ts';

const port = parentPort!;
const data = workerData as ThreadData;

if (data.mode === 'query') {
  const db = openDatabase(data.dbFile, { readonly: true });
  // The index's pages stay in memory between keystrokes (reads only: nothing else is shared).
  db.pragma('cache_size = -65536');
  db.pragma('mmap_size = 268435456');
  const searcher = new TitleSearcher(db);
  const models = new ActiveModelCache(db);
  const hits = (ranked: RankedTitle[]): SearchHit[] => {
    const model = models.get();
    const ids = model
      ? movieIdsByTconst(
          db,
          ranked.map((r) => r.tconst),
        )
      : new Map<string, number[]>();
    return ranked.map((r) => ({
      tconst: r.tconst,
      title: r.title,
      originalTitle: r.originalTitle,
      year: r.year,
      type: r.titleType,
      imdbRating: r.imdbRating,
      imdbVotes: r.imdbVotes,
      inModel: model !== null && resolveItem(model, ids.get(r.tconst)).item >= 0,
    }));
  };
  const post = (m: FromQueryThread) => port.postMessage(m);
  port.on('message', (m: ToQueryThread) => {
    if (m.type === 'close') {
      db.close();
      port.close();
      return;
    }
    try {
      if (m.type === 'search') post({ type: 'hits', id: m.id, hits: hits(searcher.search(m.query, m.opts)) });
      else
        post({
          type: 'matches',
          id: m.id,
          matches: m.entries.map((e) => {
            const r = matchEntry(searcher, e);
            return {
              line: e.line,
              status: r.status,
              how: r.how,
              tconst: r.title?.tconst ?? null,
              candidates: hits(r.candidates),
            };
          }),
        });
    } catch (err) {
      post({ type: 'error', id: m.id, error: toErrorShape(err) });
    }
  });
} else {
  const controller = new AbortController();
  const post = (m: FromBuildThread) => port.postMessage(m);
  port.on('message', (m: ToBuildThread) => {
    if (m.type === 'cancel') controller.abort(cancelled('The search index build was cancelled.'));
  });
  const db = openDatabase(data.dbFile);
  buildSearchIndex(db, data.source, (t) => data.prefix + t, {
    signal: controller.signal,
    onProgress: (progress) => post({ type: 'progress', progress }),
  })
    .then((stats) => post({ type: 'done', stats }))
    .catch((err: unknown) => post({ type: 'error', error: toErrorShape(err) }))
    .finally(() => {
      db.close();
      port.close();
    });
}
