// Test-only loaders that build a RatingsMatrix straight from the real MovieLens files in
// ../shared/data (ml-latest-small ratings.csv, ML-100K u.data), without the app's import path,
// so model tests do not depend on the datasets domain.
import { readFileSync } from 'node:fs';
import type { RatingsMatrix } from '../../main/datasets/types.ts';
import { dataPath } from './shared-data.ts';

interface Triple {
  user: number;
  item: number;
  rating: number;
  ts: number;
}

export function matrixFromTriples(rows: Triple[]): RatingsMatrix {
  const userIds = Int32Array.from(new Set(rows.map((r) => r.user))).sort();
  const itemIds = Int32Array.from(new Set(rows.map((r) => r.item))).sort();
  const uIndex = new Map([...userIds].map((id, i) => [id, i]));
  const iIndex = new Map([...itemIds].map((id, i) => [id, i]));
  const sorted = [...rows].sort((a, b) => a.user - b.user || a.item - b.item);
  const userOffsets = new Uint32Array(userIds.length + 1);
  for (const r of sorted) userOffsets[uIndex.get(r.user)! + 1]!++;
  for (let u = 0; u < userIds.length; u++) userOffsets[u + 1]! += userOffsets[u]!;
  return {
    userIds,
    itemIds,
    userOffsets,
    itemIndex: Int32Array.from(sorted, (r) => iIndex.get(r.item)!),
    ratings: Float32Array.from(sorted, (r) => r.rating),
    timestamps: Int32Array.from(sorted, (r) => r.ts),
  };
}

/** ml-latest-small/ratings.csv (CRLF, header userId,movieId,rating,timestamp). */
export function mlLatestSmall(): RatingsMatrix {
  const lines = readFileSync(dataPath('ml-latest-small/ratings.csv'), 'utf8').split(/\r?\n/);
  const rows: Triple[] = [];
  for (const line of lines.slice(1)) {
    if (!line) continue;
    const [u, i, r, t] = line.split(',');
    rows.push({ user: Number(u), item: Number(i), rating: Number(r), ts: Number(t) });
  }
  return matrixFromTriples(rows);
}

/** ml-100k/u.data (tab-separated user, item, rating 1..5, timestamp; no header). */
export function ml100k(): RatingsMatrix {
  const rows: Triple[] = [];
  for (const line of readFileSync(dataPath('ml-100k/u.data'), 'utf8').split('\n')) {
    if (!line) continue;
    const [u, i, r, t] = line.split('\t');
    rows.push({ user: Number(u), item: Number(i), rating: Number(r), ts: Number(t) });
  }
  return matrixFromTriples(rows);
}
