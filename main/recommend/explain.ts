// Why a title is recommended (or predicted as it is): the films you rated that sit closest to it in
// the model's factor space, the taste factors that move its prediction most (each described by the
// well-known films at its ends, as the Profile view describes your factors), and the films you
// watched that people who watched them also watched with this one (the implicit model).
import type { Database } from 'better-sqlite3';
import type { ModelParams } from '../model/types.ts';
import { movieIdsByTconst, resolveItem } from '../catalogue/items.ts';
// eslint-disable-next-line no-restricted-imports -- recommend/ is another helper's (p21's) this round: the face for this import lands after the merge
import { factorPoles, popularItems } from '../profile/insights.ts';
import type { ThetaPosterior } from '../profile/types.ts';
import type { AlsoWatched, Explanation, FactorReason, ImplicitModel, SimilarFilm } from './types.ts';

interface Watched {
  tconst: string;
  item: number;
  rating: number | null;
  title: string;
  year: number | null;
}

/** Your rated (and seen) titles the model knows, with their item indices. */
export function watchedItems(db: Database, model: ModelParams): Watched[] {
  const rows = db
    .prepare<[], { tconst: string; rating: number | null; title: string; year: number | null }>(
      `SELECT tconst, rating, title, year FROM profile_ratings
       UNION ALL
       SELECT k.tconst, NULL, coalesce(m.title, k.tconst), m.year FROM recommend_marks k
         LEFT JOIN movies m ON m.tconst = k.tconst
       WHERE k.mark = 'seen' AND k.tconst NOT IN (SELECT tconst FROM profile_ratings)
       GROUP BY k.tconst`,
    )
    .all();
  const ids = movieIdsByTconst(
    db,
    rows.map((r) => r.tconst),
  );
  const out: Watched[] = [];
  for (const r of rows) {
    const item = resolveItem(model, ids.get(r.tconst)).item;
    if (item >= 0) out.push({ ...r, item });
  }
  return out;
}

function cosine(model: ModelParams, a: number, b: number): number {
  const k = model.dim;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let j = 0; j < k; j++) {
    const x = model.itemFactorMean[a * k + j]!;
    const y = model.itemFactorMean[b * k + j]!;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

const label = (t: { title: string; year: number | null }) => `${t.title}${t.year ? ` (${t.year})` : ''}`;

export function explain(
  db: Database,
  model: ModelParams,
  posterior: ThetaPosterior,
  implicit: ImplicitModel | null,
  item: number,
  prediction: { predicted: number; low: number; high: number },
): Explanation {
  const k = model.dim;
  const watched = watchedItems(db, model);
  // Well-estimated films only: a film with a handful of ratings sits near the origin, close to nothing.
  const similar: SimilarFilm[] = watched
    .filter((w) => w.rating !== null && w.item !== item && model.itemCounts[w.item]! >= 5)
    .map((w) => ({
      tconst: w.tconst,
      title: w.title,
      year: w.year,
      yourRating: w.rating!,
      similarity: Math.round(cosine(model, item, w.item) * 1000) / 1000,
    }))
    .filter((s) => s.similarity > 0)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 4);

  // The title itself is no reason for itself: leave it out of the films that describe a factor.
  const pool = popularItems(model, 1500).filter((i) => i !== item);
  const factors: FactorReason[] = Array.from({ length: k }, (_, j) => ({
    j,
    points: posterior.slope * posterior.mean[j + 1]! * model.itemFactorMean[item * k + j]!,
  }))
    .sort((a, b) => Math.abs(b.points) - Math.abs(a.points))
    .slice(0, 3)
    .filter((f) => Math.abs(f.points) >= 0.05)
    .map(({ j, points }) => {
      const { high, low } = factorPoles(db, model, j, 3, pool);
      const up = model.itemFactorMean[item * k + j]! >= 0;
      return {
        factor: j + 1,
        points: Math.round(points * 100) / 100,
        like: (up ? high : low).map(label),
        unlike: (up ? low : high).map(label),
      };
    });

  const alsoWatched: AlsoWatched[] = [];
  if (implicit) {
    const rowOf = new Map<number, number>();
    implicit.items.forEach((it, r) => rowOf.set(it, r));
    for (const w of watched) {
      const r = rowOf.get(w.item);
      if (r === undefined) continue;
      for (let e = implicit.offsets[r]!; e < implicit.offsets[r + 1]!; e++)
        if (implicit.cols[e] === item && implicit.weights[e]! > 0)
          alsoWatched.push({ tconst: w.tconst, title: w.title, year: w.year, weight: implicit.weights[e]! });
    }
    alsoWatched.sort((a, b) => b.weight - a.weight);
    alsoWatched.splice(3);
  }

  const parts = [
    `Predicted ${prediction.predicted.toFixed(1)} for you (80% between ${prediction.low.toFixed(1)} and ${prediction.high.toFixed(1)}).`,
  ];
  if (similar.length)
    parts.push(
      `Close in taste to ${similar
        .slice(0, 3)
        .map((s) => `${label(s)}, which you rated ${s.yourRating}`)
        .join('; ')}.`,
    );
  const lead = factors[0];
  if (lead)
    parts.push(
      `It sits with ${lead.like.slice(0, 2).join(' and ')} on the taste factor that ${lead.points >= 0 ? 'raises' : 'lowers'} its prediction most (${lead.points >= 0 ? '+' : '−'}${Math.abs(lead.points).toFixed(1)}).`,
    );
  if (alsoWatched.length)
    parts.push(`People who watched ${alsoWatched.map(label).join(' and ')} also watched it.`);
  return { summary: parts.join(' '), similar, factors, alsoWatched };
}
