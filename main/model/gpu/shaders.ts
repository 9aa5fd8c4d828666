// The GPU training kernels in WGSL: the same per-example step as main/model/kernel-js.ts (see the
// maths there) and the same between-epoch closed forms as main/model/epoch.ts, in f32. One row of
// user or item state is ROW_STRIDE(K) floats: means [K], variances [K], statistics for the variance
// update [K], then bias mean, bias variance, regulariser sigma^2/n and the rating count.

/** Floats per row of user or item state for dimension K (3K + 4: 256 bytes at K = 20). */
export const rowStride = (dim: number): number => 3 * dim + 4;

/** Bytes of the per-sub-epoch uniform slot (WebGPU's minimum dynamic-offset alignment). */
export const STEP_SLOT = 256;

export const WORKGROUP = 64;

/** Largest K the uniform's prior arrays hold (options.ts allows dim up to 256). */
const MAX_DIM = 256;

// K is baked in (not an override constant) so the SGD kernel can hold a row in a private array.
const common = (dim: number): string => /* wgsl */ `
const K: u32 = ${dim}u;
const S: u32 = ${rowStride(dim)}u;

struct Params {
  mu: f32, lr: f32, lrBias: f32, noiseVar: f32,
  userBiasPrior: f32, itemBiasPrior: f32, ratingMin: f32, ratingMax: f32,
  workers: u32, nHeld: u32, pad0: u32, pad1: u32,
  prec: array<vec4f, ${MAX_DIM / 4}>,
  pvar: array<vec4f, ${MAX_DIM / 4}>,
  shape: array<vec4f, ${MAX_DIM / 4}>,
}

struct Example { user: u32, item: u32, rating: f32 }

@group(0) @binding(0) var<uniform> P: Params;

fn prec(k: u32) -> f32 { return P.prec[k / 4u][k % 4u]; }
fn pvar(k: u32) -> f32 { return P.pvar[k / 4u][k % 4u]; }
fn shape(k: u32) -> f32 { return P.shape[k / 4u][k % 4u]; }

// Dispatches wider than 65,535 workgroups go 2-D: the linear index of this invocation.
fn linear(wid: vec3u, nwg: vec3u, lid: u32) -> u32 { return (wid.y * nwg.x + wid.x) * ${WORKGROUP}u + lid; }

var<workgroup> red: array<f32, ${WORKGROUP}>;

// Sums x over the workgroup into red[0]. Every invocation must call it (uniform control flow).
fn reduce(lid: u32, x: f32) {
  red[lid] = x;
  workgroupBarrier();
  for (var h = ${WORKGROUP / 2}u; h > 0u; h = h / 2u) {
    if (lid < h) { red[lid] = red[lid] + red[lid + h]; }
    workgroupBarrier();
  }
}

fn klGauss(m: f32, v: f32, p: f32) -> f32 { return 0.5 * ((m * m + v) / p - 1.0 - log(v / p)); }
`;

/**
 * One sub-epoch of SGD: worker w walks its block (user block w, item block (w + sub) mod P) in
 * order. Blocks of one sub-epoch share no rows, so plain loads and stores are race-free.
 */
export const sgdShader = (dim: number): string => /* wgsl */ `${common(dim)}
struct Step { sub: u32, base: u32 }

@group(0) @binding(1) var<storage, read> offsets: array<u32>;
@group(0) @binding(2) var<storage, read_write> users: array<f32>;
@group(0) @binding(3) var<storage, read_write> items: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums: array<vec2f>;
@group(1) @binding(0) var<uniform> step: Step;
@group(1) @binding(1) var<storage, read> examples: array<Example>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let w = gid.x;
  if (w >= P.workers) { return; }
  let b = step.sub * P.workers + w;
  let ubPrec = 1.0 / P.userBiasPrior;
  let ibPrec = 1.0 / P.itemBiasPrior;
  var sse = 0.0;
  var ese = 0.0;
  let end = offsets[b + 1u] - step.base;
  for (var p = offsets[b] - step.base; p < end; p++) {
    let ex = examples[p];
    let uo = ex.user * S;
    let io = ex.item * S;
    // Each row is read once into private memory and written once: half the memory traffic of
    // reading it again in the update loop.
    var a: array<f32, K>;
    var b: array<f32, K>;
    var va: array<f32, K>;
    var vb: array<f32, K>;
    var dot = 0.0;
    var varTerm = 0.0;
    for (var k = 0u; k < K; k++) {
      a[k] = users[uo + k];
      b[k] = items[io + k];
      va[k] = users[uo + K + k];
      vb[k] = items[io + K + k];
      dot += a[k] * b[k];
      varTerm += a[k] * a[k] * vb[k] + va[k] * b[k] * b[k] + va[k] * vb[k];
    }
    let bu = users[uo + 3u * K];
    let bi = items[io + 3u * K];
    let e = ex.rating - (P.mu + bu + bi + dot);
    sse += e * e;
    ese += e * e + users[uo + 3u * K + 1u] + items[io + 3u * K + 1u] + varTerm;
    let ru = users[uo + 3u * K + 2u];
    let ri = items[io + 3u * K + 2u];
    users[uo + 3u * K] = (bu + P.lrBias * e) / (1.0 + P.lrBias * ru * ubPrec);
    items[io + 3u * K] = (bi + P.lrBias * e) / (1.0 + P.lrBias * ri * ibPrec);
    for (var k = 0u; k < K; k++) {
      users[uo + 2u * K + k] += b[k] * b[k] + vb[k];
      items[io + 2u * K + k] += a[k] * a[k] + va[k];
      users[uo + k] = (a[k] + P.lr * (e * b[k] - a[k] * vb[k])) / (1.0 + P.lr * ru * prec(k));
      items[io + k] = (b[k] + P.lr * (e * a[k] - b[k] * va[k])) / (1.0 + P.lr * ri * prec(k));
    }
  }
  sums[w] += vec2f(sse, ese);
}
`;

/**
 * Between epochs, per row (epoch.ts updateVariances + klDivergence): closed-form variances from the
 * epoch's statistics, statistics reset, tiny means flushed, regulariser sigma^2 / n, and this
 * workgroup's share of the KL term. Also, before it when the prior is learnt, the prior's statistics.
 */
export const rowsShader = (dim: number): string => /* wgsl */ `${common(dim)}
struct Side { nRows: u32, partialBase: u32, biasPrior: f32, pad: u32 }

@group(1) @binding(0) var<storage, read_write> rows: array<f32>;
@group(1) @binding(1) var<storage, read_write> partials: array<f32>;
@group(1) @binding(2) var<uniform> side: Side;

@compute @workgroup_size(${WORKGROUP})
fn finish(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
          @builtin(local_invocation_index) lid: u32) {
  let r = linear(wid, nwg, lid);
  var kl = 0.0;
  if (r < side.nRows) {
    let o = r * S;
    let c = rows[o + 3u * K + 3u];
    let inv = 1.0 / P.noiseVar;
    for (var k = 0u; k < K; k++) {
      let v = 1.0 / (prec(k) + rows[o + 2u * K + k] * inv);
      rows[o + K + k] = v;
      rows[o + 2u * K + k] = 0.0;
      var m = rows[o + k];
      if (abs(m) < 1e-30) { m = 0.0; rows[o + k] = 0.0; }
      if (c > 0.0) { kl += klGauss(m, v, pvar(k)); }
    }
    let bv = 1.0 / (1.0 / side.biasPrior + c * inv);
    rows[o + 3u * K + 1u] = bv;
    rows[o + 3u * K + 2u] = select(0.0, P.noiseVar / c, c > 0.0);
    if (c > 0.0) { kl += klGauss(rows[o + 3u * K], bv, side.biasPrior); }
  }
  reduce(lid, kl);
  if (lid == 0u) { partials[side.partialBase + wid.y * nwg.x + wid.x] = red[0]; }
}

// Empirical Bayes for the prior's scale (epoch.ts updatePriorScale): sum of E[x_k^2] / shape_k.
@compute @workgroup_size(${WORKGROUP})
fn priorStats(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
              @builtin(local_invocation_index) lid: u32) {
  let r = linear(wid, nwg, lid);
  var sum = 0.0;
  if (r < side.nRows && rows[r * S + 3u * K + 3u] > 0.0) {
    let o = r * S;
    for (var k = 0u; k < K; k++) { sum += (rows[o + k] * rows[o + k] + rows[o + K + k]) / shape(k); }
  }
  reduce(lid, sum);
  if (lid == 0u) { partials[side.partialBase + wid.y * nwg.x + wid.x] = red[0]; }
}
`;

/** Squared error of the clamped mean prediction on held-out examples (epoch.ts heldOutRmse). */
export const heldOutShader = (dim: number): string => /* wgsl */ `${common(dim)}
@group(1) @binding(0) var<storage, read> users: array<f32>;
@group(1) @binding(1) var<storage, read> items: array<f32>;
@group(1) @binding(2) var<storage, read> held: array<Example>;
@group(1) @binding(3) var<storage, read_write> partials: array<f32>;

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) lid: u32) {
  let p = linear(wid, nwg, lid);
  var se = 0.0;
  if (p < P.nHeld) {
    let ex = held[p];
    let uo = ex.user * S;
    let io = ex.item * S;
    var dot = 0.0;
    for (var k = 0u; k < K; k++) { dot += users[uo + k] * items[io + k]; }
    let pred = clamp(P.mu + users[uo + 3u * K] + items[io + 3u * K] + dot, P.ratingMin, P.ratingMax);
    se = (ex.rating - pred) * (ex.rating - pred);
  }
  reduce(lid, se);
  if (lid == 0u) { partials[wid.y * nwg.x + wid.x] = red[0]; }
}
`;
