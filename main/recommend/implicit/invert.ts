// In-place inverse of a symmetric positive definite matrix (the EASE Gram matrix, a few thousand
// rows) by the symmetric sweep operator, a panel of pivots at a time. Symmetric: only the upper
// triangle is updated (half the work of Gauss-Jordan). Blocked: sweeping b pivots at once turns the
// work into a rank-b update of each row, done a column tile at a time so the panel stays in cache
// (plain one-pivot-at-a-time sweeps stream the whole matrix per pivot and are memory-bound).
// SPD needs no pivoting.

const PANEL = 32;
const TILE = 512;

/** Inverts the n x n row-major SPD matrix a in place (both triangles are written). */
export function invertSpd(a: Float64Array, n: number): void {
  for (const _ of invertSteps(a, n));
}

/**
 * The same, one panel of pivots per step: yields how many rows are done (for progress and
 * cancellation). Reads only the upper triangle.
 *
 * Sweeping the block K of M (J the rest, S = M_KK^-1) gives M_KK <- -S, M_JK <- M_JK S and
 * M_JJ <- M_JJ - M_JK S M_KJ; sweeping every block leaves -M^-1, negated at the end.
 */
export function* invertSteps(a: Float64Array, n: number): Generator<number, void, void> {
  const s = new Float64Array(PANEL * PANEL);
  const u = new Float64Array(PANEL * n); // U = S M_K. (rows of the panel), K columns zero
  const f = new Float64Array(PANEL);
  const at = (i: number, j: number) => (i <= j ? i * n + j : j * n + i);
  for (let k0 = 0; k0 < n; k0 += PANEL) {
    const b = Math.min(PANEL, n - k0);
    const k1 = k0 + b;
    for (let p = 0; p < b; p++) for (let q = 0; q < b; q++) s[p * b + q] = a[at(k0 + p, k0 + q)]!;
    smallInverse(s, b);
    // U[p, j] = sum_q S[p, q] M[k0 + q, j] for j outside the panel.
    u.fill(0, 0, b * n);
    for (let q = 0; q < b; q++) {
      const kq = k0 + q;
      for (let p = 0; p < b; p++) {
        const spq = s[p * b + q]!;
        const up = p * n;
        for (let j = 0; j < k0; j++) u[up + j]! += spq * a[j * n + kq]!;
        const row = kq * n;
        for (let j = k1; j < n; j++) u[up + j]! += spq * a[row + j]!;
      }
    }
    // M_JJ -= M_JK U (upper triangle: j >= i), a tile of columns at a time.
    for (let j0 = 0; j0 < n; j0 += TILE) {
      const j1 = Math.min(n, j0 + TILE);
      for (let i = 0; i < j1; i++) {
        if (i >= k0 && i < k1) continue;
        const ai = i * n;
        for (let p = 0; p < b; p++) f[p] = a[at(i, k0 + p)]!;
        const from = Math.max(i, j0);
        let p = 0;
        for (; p + 3 < b; p += 4) {
          const f0 = f[p]!;
          const f1 = f[p + 1]!;
          const f2 = f[p + 2]!;
          const f3 = f[p + 3]!;
          const u0 = p * n;
          const u1 = u0 + n;
          const u2 = u1 + n;
          const u3 = u2 + n;
          for (let j = from; j < j1; j++)
            a[ai + j]! -= f0 * u[u0 + j]! + f1 * u[u1 + j]! + f2 * u[u2 + j]! + f3 * u[u3 + j]!;
        }
        for (; p < b; p++) {
          const fp = f[p]!;
          const up = p * n;
          for (let j = from; j < j1; j++) a[ai + j]! -= fp * u[up + j]!;
        }
      }
    }
    // The panel's rows and columns: M_JK <- M_JK S (= U transposed), M_KK <- -S. The update above
    // skipped the panel's columns (U is zero there), so rows i < k0 still held M_iK until now.
    for (let p = 0; p < b; p++) {
      const kp = k0 + p;
      const up = p * n;
      for (let i = 0; i < k0; i++) a[i * n + kp] = u[up + i]!;
      for (let j = k1; j < n; j++) a[kp * n + j] = u[up + j]!;
      for (let q = p; q < b; q++) a[kp * n + k0 + q] = -s[p * b + q]!;
    }
    yield k1;
  }
  // -M^-1 in the upper triangle: negate, and mirror into the lower one.
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) a[i * n + j] = -a[i * n + j]!;
    for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i]!;
  }
}

/** Gauss-Jordan inverse of a small SPD block in place. */
function smallInverse(a: Float64Array, n: number): void {
  for (let k = 0; k < n; k++) {
    const rk = k * n;
    const pivot = a[rk + k]!;
    if (!(pivot > 0)) throw new Error('the matrix is not positive definite');
    const inv = 1 / pivot;
    a[rk + k] = 1;
    for (let j = 0; j < n; j++) a[rk + j]! *= inv;
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const ri = i * n;
      const fk = a[ri + k]!;
      if (fk === 0) continue;
      a[ri + k] = 0;
      for (let j = 0; j < n; j++) a[ri + j]! -= fk * a[rk + j]!;
    }
  }
}
