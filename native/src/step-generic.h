// The step for any K and any compiler (MSVC included): plain loops over zero-padded local copies
// of the rows, which compilers vectorise. step-vector.h is the faster body where GCC or Clang
// builds and K is a multiple of 4.
#pragma once

#include <cstring>

#include "step-args.h"

namespace reeltaste {

// Lanes the K-long loops run over: K rounded up to 8 (one AVX2 register, two SSE ones). The user's
// rows and every item row are copied into zero-padded local arrays, so the loops have a fixed trip
// count and no aliasing for the compiler to fear (it vectorises them all), and the padding lanes
// stay zero (they add nothing to the sums and are never written back).
constexpr int kMaxDim = 256;
constexpr int padded(int k) { return (k + 7) & ~7; }

// The user being trained on: examples come grouped by user (data.ts), so one user's rows live in
// these locals for the whole run of their ratings and go back to the state arrays once at its end.
// What depends only on the user and the step (the proximal step's denominators) is computed once
// per run here instead of once per rating: a multiply by its reciprocal replaces the divisions.
template <int KP>
struct UserRun {
  alignas(32) float mean[KP];
  alignas(32) float var[KP];
  alignas(32) float acc[KP];
  alignas(32) float shrink[KP];  // 1 / (1 + lr * reg_u / p_k)
  float bias = 0;
  double biasShrink = 1;  // 1 / (1 + lrBias * reg_u / p_bias)
  size_t u = SIZE_MAX;
};

template <int K>
REELTASTE_INLINE Sums runBody(const Args& a, size_t start, size_t end) {
  constexpr int KP = K > 0 ? padded(K) : kMaxDim;
  const int dim = K > 0 ? K : a.dim;
  const int kp = K > 0 ? KP : padded(a.dim);
  const size_t rowBytes = static_cast<size_t>(dim) * sizeof(float);
  Sums s;
  UserRun<KP> run;
  alignas(32) float prec[KP], y[KP], vy[KP], iacc[KP], ny[KP];
  for (int k = 0; k < KP; ++k) prec[k] = y[k] = vy[k] = iacc[k] = ny[k] = 0;
  for (int k = 0; k < KP; ++k) run.mean[k] = run.var[k] = run.acc[k] = run.shrink[k] = 0;
  std::memcpy(prec, a.priorPrec, rowBytes);
  const float lr = a.lr;
  const double lrBias = a.lrBias;

  auto flush = [&] {
    if (run.u == SIZE_MAX) return;
    std::memcpy(a.userMean + run.u * dim, run.mean, rowBytes);
    std::memcpy(a.userAcc + run.u * dim, run.acc, rowBytes);
    a.userBias[run.u] = run.bias;
  };
  // Item rows are random accesses into ~14 MB (ML-25M): without prefetching, the loop waits on
  // memory for most of its time. Fetch the rows of an example a few steps ahead.
  for (size_t p = start; p < end; ++p) {
    if (p + kAhead < end) {
      const size_t j = static_cast<size_t>(a.items[p + kAhead]) * dim;
      for (size_t off = 0; off < rowBytes; off += 64) {
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemMean + j) + off, 1);
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemVar + j) + off, 0);
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemAcc + j) + off, 1);
      }
      REELTASTE_PREFETCH(a.itemBias + a.items[p + kAhead], 1);
    }
    const size_t u = static_cast<size_t>(a.users[p]);
    const size_t i = static_cast<size_t>(a.items[p]);
    if (u != run.u) {
      flush();
      run.u = u;
      std::memcpy(run.mean, a.userMean + u * dim, rowBytes);
      std::memcpy(run.var, a.userVar + u * dim, rowBytes);
      std::memcpy(run.acc, a.userAcc + u * dim, rowBytes);
      run.bias = a.userBias[u];
      const float ru = a.userReg[u];
      for (int k = 0; k < kp; ++k) run.shrink[k] = 1.0f / (1.0f + lr * ru * prec[k]);
      run.biasShrink = 1.0 / (1.0 + lrBias * ru * a.ubPrec);
    }
    float* const im = a.itemMean + i * dim;
    float* const ia = a.itemAcc + i * dim;
    std::memcpy(y, im, rowBytes);
    std::memcpy(vy, a.itemVar + i * dim, rowBytes);
    std::memcpy(iacc, ia, rowBytes);
    // Single precision for the K-long sums (8 lanes per AVX2 register instead of 4); the epoch's
    // sums are doubles. Parity with the TS reference (doubles) stays within 1e-6.
    float dotf = 0, varf = 0;
    for (int k = 0; k < kp; ++k) {
      const float x = run.mean[k], vx = run.var[k];
      dotf += x * y[k];
      varf += x * x * vy[k] + vx * (y[k] * y[k] + vy[k]);
    }
    const float bi = a.itemBias[i];
    // The prediction's constant part is off the critical path (user row -> dot -> error -> user
    // row): only the dot product's subtraction is on it.
    const float ef = static_cast<float>(static_cast<double>(a.ratings[p]) - (a.mu + static_cast<double>(run.bias) + bi)) - dotf;
    const double e = ef;
    s.sse += e * e;
    s.ese += e * e + a.userBiasVar[u] + a.itemBiasVar[i] + static_cast<double>(varf);
    const double ri = a.itemReg[i];
    run.bias = static_cast<float>((run.bias + lrBias * e) * run.biasShrink);
    a.itemBias[i] = static_cast<float>((bi + lrBias * e) / (1 + lrBias * ri * a.ibPrec));
    const float lri = lr * static_cast<float>(ri);
    for (int k = 0; k < kp; ++k) {
      const float x = run.mean[k], vx = run.var[k], yk = y[k], vyk = vy[k];
      run.acc[k] += yk * yk + vyk;
      iacc[k] += x * x + vx;
      run.mean[k] = (x + lr * (ef * yk - x * vyk)) * run.shrink[k];
      ny[k] = (yk + lr * (ef * x - yk * vx)) / (1.0f + lri * prec[k]);
    }
    std::memcpy(im, ny, rowBytes);
    std::memcpy(ia, iacc, rowBytes);
  }
  flush();
  return s;
}

}  // namespace reeltaste
