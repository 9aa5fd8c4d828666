// Which candidates a refresh may return: not excluded (rated, marked), with a tconst, and matching
// the filters (genres any/all as bit masks, year, votes, runtime, film or series).
import { AppError } from '../../errors.ts';
import type { RecommendFilters } from '../types.ts';
import type { Candidates } from './candidates.ts';

/** Genre names as the dataset spells them (case-insensitive input), or INVALID_INPUT naming the valid ones. */
export function resolveGenres(c: Pick<Candidates, 'genreNames'>, wanted: readonly string[]): string[] {
  const byLower = new Map(c.genreNames.map((g) => [g.toLowerCase(), g]));
  return wanted.map((w) => {
    const g = byLower.get(w.trim().toLowerCase());
    if (!g)
      throw new AppError(
        'INVALID_INPUT',
        `Unknown genre "${w}". The dataset's genres are: ${c.genreNames.join(', ')}.`,
      );
    return g;
  });
}

function genreQuery(c: Candidates, genres: readonly string[]): Uint32Array {
  const q = new Uint32Array(c.words);
  for (const g of resolveGenres(c, genres)) {
    const b = c.genreNames.indexOf(g);
    q[b >>> 5]! |= 1 << (b & 31);
  }
  return q;
}

/** 1 where item i may be recommended. */
export function filterMask(
  c: Candidates,
  f: RecommendFilters,
  excluded: Iterable<number>,
): { mask: Uint8Array; matching: number } {
  const mask = new Uint8Array(c.n);
  const q = f.genres?.length ? genreQuery(c, f.genres) : null;
  const all = f.genreMode === 'all';
  const yearMin = f.yearMin ?? -Infinity;
  const yearMax = f.yearMax ?? Infinity;
  const hasYear = f.yearMin !== undefined || f.yearMax !== undefined;
  const runMin = f.runtimeMin ?? -Infinity;
  const runMax = f.runtimeMax ?? Infinity;
  const hasRuntime = f.runtimeMin !== undefined || f.runtimeMax !== undefined;
  const minVotes = f.minVotes ?? 0;
  const wantSeries = f.type === undefined ? -1 : f.type === 'series' ? 1 : 0;
  const w = c.words;
  for (let i = 0; i < c.n; i++) {
    if (c.tconst[i] === null) continue;
    if (q) {
      let ok = all;
      for (let k = 0; k < w; k++) {
        const m = c.genreMask[i * w + k]!;
        const qk = q[k]!;
        if (all ? (m & qk) !== qk : (m & qk) !== 0) {
          ok = !all;
          break;
        }
      }
      if (!ok) continue;
    }
    if (hasYear) {
      const y = c.year[i]!;
      if (y === 0 || y < yearMin || y > yearMax) continue;
    }
    if (hasRuntime) {
      const r = c.runtime[i]!;
      if (r === 0 || r < runMin || r > runMax) continue;
    }
    if (minVotes > 0) {
      const v = c.imdbVotes[i]! >= 0 ? c.imdbVotes[i]! : c.mlVotes[i]!;
      if (v < minVotes) continue;
    }
    if (wantSeries >= 0 && c.series[i] !== wantSeries) continue;
    mask[i] = 1;
  }
  for (const i of excluded) if (i >= 0 && i < c.n) mask[i] = 0;
  let matching = 0;
  for (let i = 0; i < c.n; i++) matching += mask[i]!;
  return { mask, matching };
}
