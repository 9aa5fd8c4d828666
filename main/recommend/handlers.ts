// The recommend domain's IPC handlers: the Recommendations view's refresh, details and why, marks
// with undo, genres and the tuning (Settings → Recommendations).
import type { Handlers } from '../ipc/dispatch.ts';
import type { RecommendService } from './service.ts';

type RecommendChannel = Extract<keyof Handlers, `recommend/${string}`>;

export function recommendHandlers(recommend: RecommendService): Pick<Handlers, RecommendChannel> {
  return {
    'recommend/refresh': (req) => recommend.recommend(req),
    'recommend/details': ({ tconst }) => recommend.details(tconst),
    'recommend/explain': ({ tconst }) => recommend.explain(tconst),
    'recommend/mark': ({ tconst, mark }) => recommend.mark(tconst, mark),
    'recommend/marks': (input) => recommend.marks(input?.mark),
    'recommend/genres': () => recommend.genres(),
    'recommend/tuning': () => recommend.tuning(),
    'recommend/updateTuning': ({ reset, ...patch }) => recommend.updateTuning(reset ? null : patch),
  };
}
