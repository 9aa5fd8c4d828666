// People's representations, pooled from their films' posteriors: a person's vector is the sum of
// their films' (centred) targets over (films + kappa), so someone with one film counts for little
// and a prolific director for nearly their films' mean. While fitting, a film's own target is left
// out of its people's pools (leave-one-out), or the regression would learn to trust people who only
// echo the film itself.
import { ROLES, type Role, type TitleMetadata } from './types.ts';

export interface PersonPool {
  /** Films pooled per person. */
  count: Map<string, number>;
  /** Per person, the sum of their films' targets: [targets]. */
  sum: Map<string, Float64Array>;
}

export type Pools = Record<Role, PersonPool>;

export function buildPools(titles: readonly TitleMetadata[], targets: Float64Array, width: number): Pools {
  const pools = {} as Pools;
  for (const role of ROLES) {
    const count = new Map<string, number>();
    const sum = new Map<string, Float64Array>();
    titles.forEach((t, i) => {
      for (const p of new Set(t[role])) {
        count.set(p, (count.get(p) ?? 0) + 1);
        let s = sum.get(p);
        if (!s) sum.set(p, (s = new Float64Array(width)));
        for (let j = 0; j < width; j++) s[j]! += targets[i * width + j]!;
      }
    });
    pools[role] = { count, sum };
  }
  return pools;
}

/**
 * The title's pooled people for each role: out[role * width + j] = mean over its known people of
 * their shrunk vector's component j; known[role] = 1 when any of its people has a pooled film.
 * `own` (the title's own targets) is subtracted when fitting (leave-one-out).
 */
export function pooled(
  pools: Pools,
  t: TitleMetadata,
  width: number,
  kappa: number,
  out: Float64Array,
  known: Float64Array,
  own?: ArrayLike<number>,
): void {
  out.fill(0);
  known.fill(0);
  ROLES.forEach((role, r) => {
    const { count, sum } = pools[role];
    let people = 0;
    for (const p of new Set(t[role])) {
      const n = (count.get(p) ?? 0) - (own ? 1 : 0);
      if (n <= 0) continue;
      const s = sum.get(p)!;
      for (let j = 0; j < width; j++) out[r * width + j]! += (s[j]! - (own ? own[j]! : 0)) / (n + kappa);
      people++;
    }
    if (people > 0) {
      for (let j = 0; j < width; j++) out[r * width + j]! /= people;
      known[r] = 1;
    }
  });
}
