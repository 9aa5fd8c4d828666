// The implicit model: the blocked symmetric sweep inverts SPD matrices (checked against A A^-1 = I,
// at sizes around and across its panel and tile edges), and EASE passes the conformance check of
// implicit-feedback recommenders (two taste groups, a user who watched all but one film of a group
// gets that film first), with sparse rows keeping each row's largest weights.
import { describe, expect, it } from 'vitest';
import { matrixFromTriples } from '../support/ratings-matrix.ts';
import { foldIn, implicitItems, trainImplicit } from '../../main/recommend/implicit/ease.ts';
import { invertSpd } from '../../main/recommend/implicit/invert.ts';
import { rng } from './profile-synthetic-model.ts';

function randomSpd(n: number, seed: number): Float64Array {
  const r = rng(seed);
  const m = 2 * n;
  const x = Float64Array.from({ length: m * n }, () => (r.uniform() < 0.15 ? 1 : 0));
  const a = new Float64Array(n * n);
  for (let k = 0; k < m; k++)
    for (let i = 0; i < n; i++) {
      if (!x[k * n + i]) continue;
      for (let j = 0; j < n; j++) a[i * n + j]! += x[k * n + j]!;
    }
  for (let i = 0; i < n; i++) a[i * n + i]! += 5;
  return a;
}

describe('SPD inverse', () => {
  for (const n of [1, 5, 31, 32, 33, 100, 530]) {
    it(`inverts a ${n} x ${n} Gram matrix`, () => {
      const a = randomSpd(n, n);
      const inv = Float64Array.from(a);
      invertSpd(inv, n);
      let err = 0;
      let asymmetric = 0;
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          let s = 0;
          for (let k = 0; k < n; k++) s += a[i * n + k]! * inv[k * n + j]!;
          err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
          if (inv[i * n + j] !== inv[j * n + i]) asymmetric++;
        }
      expect(err).toBeLessThan(1e-9);
      expect(asymmetric).toBe(0);
    }, 60_000);
  }

  it('refuses a matrix that is not positive definite', () => {
    expect(() => invertSpd(Float64Array.from([1, 2, 2, 1]), 2)).toThrow(/not positive definite/);
  });
});

describe('EASE implicit model', () => {
  // 60 users in two groups: group A watches films 1-6 (each user all but one, at random), group B 7-12.
  const r = rng(3);
  const rows: { user: number; item: number; rating: number; ts: number }[] = [];
  for (let u = 0; u < 60; u++) {
    const films = u < 30 ? [1, 2, 3, 4, 5, 6] : [7, 8, 9, 10, 11, 12];
    const skip = films[Math.floor(r.uniform() * 6)];
    for (const f of films)
      if (f !== skip) rows.push({ user: u, item: f, rating: 1 + Math.floor(r.uniform() * 5), ts: 0 });
  }
  const m = matrixFromTriples(rows);
  const params = { itemIds: m.itemIds, itemCounts: new Int32Array(12) };
  for (const i of m.itemIndex) params.itemCounts[i]!++;

  it('ranks the one film of your group you have not watched first', async () => {
    const model = await trainImplicit(m, params, { lambda: 1, neighbours: 11 });
    expect(model.items.length).toBe(12);
    for (let held = 0; held < 12; held++) {
      const group = held < 6 ? [0, 1, 2, 3, 4, 5] : [6, 7, 8, 9, 10, 11];
      const watched = group.filter((i) => i !== held);
      const s = foldIn(model, 12, watched);
      const unwatched = [...s.keys()].filter((i) => !watched.includes(i));
      const best = unwatched.sort((a, b) => s[b]! - s[a]!)[0];
      expect(best).toBe(held);
    }
  });

  it('keeps each row to its largest weights and caps the items', async () => {
    const model = await trainImplicit(m, params, { lambda: 1, neighbours: 3, cap: 8 });
    expect(model.items.length).toBe(8);
    expect([...model.items]).toEqual([...implicitItems(params, 8)]);
    for (let row = 0; row < 8; row++) expect(model.offsets[row + 1]! - model.offsets[row]!).toBe(3);
    // The weights kept for a row are the largest in magnitude among the 7 possible.
    const full = await trainImplicit(m, params, { lambda: 1, neighbours: 7, cap: 8 });
    for (let row = 0; row < 8; row++) {
      const all = [...full.weights.subarray(full.offsets[row]!, full.offsets[row + 1]!)]
        .map(Math.abs)
        .sort((a, b) => b - a);
      const kept = [...model.weights.subarray(model.offsets[row]!, model.offsets[row + 1]!)]
        .map(Math.abs)
        .sort((a, b) => b - a);
      expect(kept).toEqual(all.slice(0, 3));
    }
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(trainImplicit(m, params, {}, { signal: controller.signal })).rejects.toThrow(/Cancelled/);
  });
});
