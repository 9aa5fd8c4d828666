// The people a fitted model remembers: per role, each person's shrunk vector (their films' summed
// centred targets over films + kappa), looked up by nconst when predicting a title.
import { ROLES, type Role, type TitleMetadata } from './types.ts';
import type { Pools } from './people.ts';

export type PeopleReps = Record<Role, { ids: string[]; index: Map<string, number>; reps: Float32Array }>;

export function toReps(pools: Pools, width: number, kappa: number): PeopleReps {
  const out = {} as PeopleReps;
  for (const role of ROLES) {
    const ids = [...pools[role].count.keys()];
    const reps = new Float32Array(ids.length * width);
    ids.forEach((p, i) => {
      const n = pools[role].count.get(p)!;
      const s = pools[role].sum.get(p)!;
      for (let j = 0; j < width; j++) reps[i * width + j] = s[j]! / (n + kappa);
    });
    out[role] = { ids, index: new Map(ids.map((p, i) => [p, i])), reps };
  }
  return out;
}

/** As people.ts's pooled(), from the remembered vectors (no leave-one-out: the title is new). */
export function pooledRep(
  people: PeopleReps,
  t: TitleMetadata,
  width: number,
  out: Float64Array,
  known: Float64Array,
): void {
  out.fill(0);
  known.fill(0);
  ROLES.forEach((role, r) => {
    const { index, reps } = people[role];
    let n = 0;
    for (const p of new Set(t[role])) {
      const i = index.get(p);
      if (i === undefined) continue;
      for (let j = 0; j < width; j++) out[r * width + j]! += reps[i * width + j]!;
      n++;
    }
    if (n > 0) {
      for (let j = 0; j < width; j++) out[r * width + j]! /= n;
      known[r] = 1;
    }
  });
}
