// How training data and the posterior are laid out in GPU buffers (see shaders.ts): examples as
// WGSL `struct Example { user: u32, item: u32, rating: f32 }`, and one row of ROW_STRIDE(K) floats
// per user or item: means, variances, variance statistics, bias mean, bias variance, regulariser,
// rating count.
import type { Examples } from '../data.ts';
import type { VariationalState } from '../state.ts';
import { rowStride } from './shaders.ts';

export const EXAMPLE_BYTES = 12;

export function packExamples(ex: Examples, from: number, to: number): ArrayBuffer {
  const buf = new ArrayBuffer(Math.max(1, to - from) * EXAMPLE_BYTES);
  const u32 = new Uint32Array(buf);
  const f32 = new Float32Array(buf);
  for (let p = from, o = 0; p < to; p++, o += 3) {
    u32[o] = ex.users[p]!;
    u32[o + 1] = ex.items[p]!;
    f32[o + 2] = ex.ratings[p]!;
  }
  return buf;
}

type Side = 'user' | 'item';

function sideOf(s: VariationalState, side: Side) {
  return side === 'user'
    ? {
        mean: s.userMean,
        v: s.userVar,
        acc: s.userAcc,
        bias: s.userBias,
        biasVar: s.userBiasVar,
        reg: s.userReg,
      }
    : {
        mean: s.itemMean,
        v: s.itemVar,
        acc: s.itemAcc,
        bias: s.itemBias,
        biasVar: s.itemBiasVar,
        reg: s.itemReg,
      };
}

/** One side of the posterior as GPU rows (the statistics start at zero, as between epochs). */
export function packRows(s: VariationalState, side: Side, counts: Int32Array): Float32Array {
  const K = s.dim;
  const S = rowStride(K);
  const { mean, v, bias, biasVar, reg } = sideOf(s, side);
  const out = new Float32Array(counts.length * S);
  for (let r = 0; r < counts.length; r++) {
    const o = r * S;
    out.set(mean.subarray(r * K, r * K + K), o);
    out.set(v.subarray(r * K, r * K + K), o + K);
    out[o + 3 * K] = bias[r]!;
    out[o + 3 * K + 1] = biasVar[r]!;
    out[o + 3 * K + 2] = reg[r]!;
    out[o + 3 * K + 3] = counts[r]!;
  }
  return out;
}

/** GPU rows back into one side of the posterior (statistics included, the counts left out). */
export function unpackRows(rows: Float32Array, s: VariationalState, side: Side): void {
  const K = s.dim;
  const S = rowStride(K);
  const { mean, v, acc, bias, biasVar, reg } = sideOf(s, side);
  for (let r = 0; r < bias.length; r++) {
    const o = r * S;
    mean.set(rows.subarray(o, o + K), r * K);
    v.set(rows.subarray(o + K, o + 2 * K), r * K);
    acc.set(rows.subarray(o + 2 * K, o + 3 * K), r * K);
    bias[r] = rows[o + 3 * K]!;
    biasVar[r] = rows[o + 3 * K + 1]!;
    reg[r] = rows[o + 3 * K + 2]!;
  }
}
