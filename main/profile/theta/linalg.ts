// Dense linear algebra for the (K+1)x(K+1) matrices of a theta fit (K ~ 20): row-major Float64Array.
// Small enough that plain loops beat any library; Cholesky because every matrix here is SPD.

/** Lower-triangular L with L L^T = A, or null if A is not positive definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / l[j * n + j]!;
      }
    }
  }
  return l;
}

/** Solves (L L^T) x = b in place of a copy of b. */
export function cholSolve(l: Float64Array, n: number, b: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** (L L^T)^-1 as a full symmetric matrix. */
export function cholInverse(l: Float64Array, n: number): Float64Array {
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = cholSolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  // Symmetrise away rounding so a second Cholesky (for sampling) never sees asymmetry.
  for (let i = 0; i < n; i++)
    for (let j = 0; j < i; j++) inv[i * n + j] = inv[j * n + i] = 0.5 * (inv[i * n + j]! + inv[j * n + i]!);
  return inv;
}

/** log det(A) from its Cholesky factor. */
export function cholLogDet(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]!);
  return 2 * s;
}

/** Cholesky that adds jitter to the diagonal until it succeeds (a nearly singular Hessian). */
export function choleskyJittered(a: Float64Array, n: number): Float64Array {
  let l = cholesky(a, n);
  let jitter = 1e-10;
  while (!l) {
    const b = Float64Array.from(a);
    for (let i = 0; i < n; i++) b[i * n + i]! += jitter * Math.max(1, Math.abs(a[i * n + i]!));
    l = cholesky(b, n);
    jitter *= 10;
    if (jitter > 1) throw new Error('matrix is not positive definite');
  }
  return l;
}
