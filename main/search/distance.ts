// Edit distance (insertions, deletions, substitutions and swaps of neighbours) with an early exit:
// ranking and Letterboxd matching only ask whether two names are within a small distance.

/** Whether a and b are at most `max` edits apart (optimal string alignment distance). */
export function withinDistance(a: string, b: string, max: number): boolean {
  return editDistance(a, b, max) <= max;
}

/** The distance from a to b, or max + 1 as soon as it must exceed max. */
export function editDistance(a: string, b: string, max = Infinity): number {
  return distance(a, b, max, false);
}

/** The distance from a to the closest prefix of b ("matr" is 0 from "matrix"): a half-typed word. */
export function prefixDistance(a: string, b: string, max = Infinity): number {
  return distance(a, b, max, true);
}

function distance(a: string, b: string, max: number, prefix: boolean): number {
  const x = Array.from(a);
  const y = Array.from(b);
  if (!prefix && Math.abs(x.length - y.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d = Math.min(d, prev2[j - 2]! + 1);
      cur.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prefix ? Math.min(...prev) : prev[y.length]!;
}
