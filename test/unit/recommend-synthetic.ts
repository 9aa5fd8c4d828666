// Synthetic inputs for the recommendation tests (no shared data needed): a model from the theta
// tests' generator, a user fitted on it, and the candidate arrays a catalogue would give.
import type { ModelParams } from '../../main/model/types.ts';
import { fitTheta } from '../../main/profile/theta/fit.ts';
import type { ThetaPosterior } from '../../main/profile/theta/types.ts';
import type { Candidates } from '../../main/recommend/score/candidates.ts';
import { rng, syntheticModel, syntheticRatings, syntheticUser } from './profile-synthetic-model.ts';

export const GENRES = ['Action', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi'];

/** A model with varied item counts (a tail of little-known items with wide posteriors). */
export function recommendModel(items: number, seed = 11): ModelParams {
  const p = syntheticModel(items, 20, seed);
  const r = rng(seed + 1);
  for (let i = 0; i < items; i++) {
    const n = Math.max(1, Math.round(Math.exp(r.normal() * 1.8 + 3)));
    p.itemCounts[i] = n;
    // Fewer ratings, wider item posterior (roughly prior / (1 + n)).
    for (let k = 0; k < p.dim; k++) p.itemFactorVar[i * p.dim + k] = 0.3 / (1 + n);
    p.itemBiasVar[i] = 0.3 / (1 + n);
  }
  return p;
}

export function recommendUser(
  p: ModelParams,
  seed = 12,
  n = 150,
): { posterior: ThetaPosterior; rated: number[] } {
  const ratings = syntheticRatings(p, syntheticUser(p, seed), n, seed + 1);
  return { posterior: fitTheta(p, ratings, []), rated: ratings.map((x) => x.item) };
}

export function syntheticCandidates(p: ModelParams, seed = 13): Candidates {
  const n = p.itemIds.length;
  const r = rng(seed);
  const genres = Array.from({ length: n }, () => GENRES.filter(() => r.uniform() < 0.3));
  const c: Candidates = {
    n,
    tconst: Array.from({ length: n }, (_, i) => `tt${String(1000000 + i)}`),
    title: Array.from({ length: n }, (_, i) => `Film ${i}`),
    year: Int32Array.from({ length: n }, () => 1950 + Math.floor(r.uniform() * 70)),
    genres,
    genreNames: GENRES,
    words: 1,
    genreMask: Uint32Array.from(genres, (gs) => gs.reduce((m, g) => m | (1 << GENRES.indexOf(g)), 0)),
    imdbRating: Float32Array.from({ length: n }, () =>
      r.uniform() < 0.9 ? 4 + r.uniform() * 5 : Number.NaN,
    ),
    imdbVotes: Int32Array.from({ length: n }, () => Math.floor(Math.exp(r.normal() * 2 + 8))),
    runtime: Int32Array.from({ length: n }, () => 70 + Math.floor(r.uniform() * 100)),
    titleType: Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 'tvSeries' : 'movie')),
    series: Uint8Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 1 : 0)),
    mlVotes: Int32Array.from(p.itemCounts),
    itemOfTconst: new Map(),
  };
  c.tconst.forEach((t, i) => c.itemOfTconst.set(t!, i));
  return c;
}
