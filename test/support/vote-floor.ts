// The catalogue's IMDb vote floor (issue 21), measured: what share of the titles people rate a floor
// keeps, how many IMDb titles it lets into the catalogue, and the rule that picks the default from
// those two (test/integration/metadata-vote-floor.test.ts).
import { KEPT_TITLE_TYPES } from '../../main/datasets/imdb.ts';
import type { ExportRow } from '../../main/profile/imdb-export/parse.ts';

export const FLOORS = [5, 25, 50, 100, 250, 500, 1_000, 5_000] as const;

/** The export rows the catalogue could hold: films, TV films, series, mini-series and specials. */
export function catalogueRows(rows: readonly ExportRow[]): ExportRow[] {
  return rows.filter((r) => KEPT_TITLE_TYPES.has(r.titleType));
}

/** Titles released in the two years before the export's last rating: the votes are as of the
 * export, so a new title's low count shows as it would in a fresh import. */
export function recentRows(rows: readonly ExportRow[]): ExportRow[] {
  const last = Math.max(0, ...rows.map((r) => Number(r.dateRated?.slice(0, 4) ?? 0)));
  return rows.filter((r) => r.year !== null && r.year >= last - 2);
}

/** Share of rows with at least `floor` IMDb votes (a row without a count counts as 0). */
export function keptShare(rows: readonly ExportRow[], floor: number): number {
  if (rows.length === 0) return NaN;
  return rows.filter((r) => (r.numVotes ?? 0) >= floor).length / rows.length;
}

/** Titles with at least each floor's votes, from a list of vote counts (one pass, sorted). */
export function titlesAtFloors(votes: readonly number[], floors: readonly number[]): number[] {
  const sorted = Float64Array.from(votes).sort();
  return floors.map((f) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! < f) lo = mid + 1;
      else hi = mid;
    }
    return sorted.length - lo;
  });
}

/**
 * The lowest floor whose catalogue stays within `budget` titles while keeping at least `minShare`
 * of the rated titles that matter (`share(floor)`, the worst export's); null when none does.
 * Lower floors keep more, so the lowest within budget is the one that keeps the most.
 */
export function chooseFloor(
  floors: readonly number[],
  catalogue: (floor: number) => number,
  share: (floor: number) => number,
  budget: number,
  minShare: number,
): number | null {
  for (const f of [...floors].sort((a, b) => a - b))
    if (catalogue(f) <= budget && share(f) >= minShare) return f;
  return null;
}
