// One arena session on a synthetic model, answered from known ratings, without the services: the
// pairs the rule chooses and the incremental fit the answers update (equal ratings are not
// answered). Shared by the unit tests of the pair choice.
import { PairModel } from '../../main/elicit/arena/pair-model.ts';
import { PairSet, selectPair, type PoolTitle, type SelectContext } from '../../main/elicit/arena/select.ts';
import type { ArenaRule } from '../../main/elicit/types.ts';
import { createRng } from '../../main/model/rng.ts';
import type { ModelParams } from '../../main/model/types.ts';
import { comparisonObservation } from '../../main/profile/store.ts';
import { IncrementalTheta } from '../../main/profile/theta/incremental.ts';
import type { ThetaPosterior } from '../../main/profile/theta/types.ts';

export function arenaContext(seed = 1, extra: Partial<SelectContext> = {}): SelectContext {
  return {
    asked: new PairSet(),
    sessionTitles: new Set(),
    recentTitles: new Set(),
    recentDirections: [],
    random: createRng(seed),
    ...extra,
  };
}

/** Answers `answers` pairs (at most 10 tries each) and returns the posterior after them. */
export function answerSession(options: {
  params: ModelParams;
  post: ThetaPosterior;
  ratings: { item: number; rating: number }[];
  pool: PoolTitle[];
  /** Your rating of every title in the pool, by tconst. */
  truth: Map<string, number>;
  rule: ArenaRule;
  seed: number;
  answers: number;
}): ThetaPosterior {
  const { params, post, ratings, pool, truth, rule, seed, answers } = options;
  const rated = new Map(ratings.map((r) => [`t${r.item}`, r.rating]));
  const inc = new IncrementalTheta(params, post, ratings, []);
  let current = post;
  const ctx = arenaContext(seed);
  for (let answered = 0, guard = 0; answered < answers && guard < 10 * answers; guard++) {
    const c = selectPair(pool, new PairModel(params, current), rule, ctx);
    if (!c) break;
    ctx.asked.add(c.a.tconst, c.b.tconst);
    ctx.sessionTitles.add(c.a.tconst).add(c.b.tconst);
    const ta = truth.get(c.a.tconst)!;
    const tb = truth.get(c.b.tconst)!;
    if (ta === tb) continue;
    const [w, l] = ta > tb ? [c.a, c.b] : [c.b, c.a];
    const obs = comparisonObservation(
      (t) => (t === w.tconst ? w.item : l.item),
      (t) => rated.get(t),
      w.tconst,
      l.tconst,
    );
    if (obs) current = inc.addComparison(obs);
    if (c.view.direction) ctx.recentDirections.push(c.view.direction);
    answered++;
  }
  return current;
}
