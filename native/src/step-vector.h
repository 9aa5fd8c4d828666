// The step in GCC/Clang vector types, for K a multiple of 4: the same maths as step-generic.h and
// main/model/kernel-js.ts, written so that nothing of one user's run goes through memory:
// - examples come grouped by user (main/model/data.ts), so the user's rows (mean, variance, the
//   variance statistics) stay in registers for the whole run of their ratings and are written back
//   once at its end;
// - what depends only on the user and the step (the proximal step's denominators) is computed once
//   per run, and a multiply by it replaces a division per rating;
// - item rows are loaded straight into registers and stored straight back.
// Rows are cut into chunks of W lanes: W = 8 on the AVX2 clone (K = 20: two full chunks and a half
// one, since an 8-lane load past the row would read the next row), W = 4 for SSE and NEON (K = 20:
// five chunks, none wasted).
#pragma once

#include <cstdint>
#include <cstring>

#include "step-args.h"

#if defined(__GNUC__) || defined(__clang__)
#define REELTASTE_HAS_VECTOR_STEP 1

namespace reeltaste {

typedef float v8sf __attribute__((vector_size(32)));
typedef float v4sf __attribute__((vector_size(16)));

template <int W>
struct Lanes;

template <>
struct Lanes<8> {
  using V = v8sf;
  // A half chunk goes through a 4-lane value: staging it in an 8-lane one in memory would make the
  // full-width load after it wait for the store (a store-forwarding stall on every item row).
  static REELTASTE_INLINE V load(const float* p, bool half) {
    if (!half) {
      V v;
      std::memcpy(&v, p, sizeof v);
      return v;
    }
    v4sf h;
    std::memcpy(&h, p, sizeof h);
    const v4sf z = {0, 0, 0, 0};
    return __builtin_shufflevector(h, z, 0, 1, 2, 3, 4, 5, 6, 7);
  }
  static REELTASTE_INLINE void store(float* p, V v, bool half) {
    if (!half) {
      std::memcpy(p, &v, sizeof v);
      return;
    }
    const v4sf lo = __builtin_shufflevector(v, v, 0, 1, 2, 3);
    std::memcpy(p, &lo, sizeof lo);
  }
  static REELTASTE_INLINE float sum(V v) {
    const v4sf q = __builtin_shufflevector(v, v, 0, 1, 2, 3) + __builtin_shufflevector(v, v, 4, 5, 6, 7);
    const v4sf h = q + __builtin_shufflevector(q, q, 2, 3, 0, 1);
    return h[0] + h[1];
  }
};

template <>
struct Lanes<4> {
  using V = v4sf;
  static REELTASTE_INLINE V load(const float* p, bool) {
    V v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static REELTASTE_INLINE void store(float* p, V v, bool) { std::memcpy(p, &v, sizeof v); }
  static REELTASTE_INLINE float sum(V v) {
    const v4sf h = v + __builtin_shufflevector(v, v, 2, 3, 0, 1);
    return h[0] + h[1];
  }
};

template <int W, int K>
REELTASTE_INLINE Sums runVector(const Args& a, size_t start, size_t end) {
  static_assert(K > 0 && K % 4 == 0, "the vector step needs K a multiple of 4");
  using L = Lanes<W>;
  using V = typename L::V;
  constexpr int N = (K + W - 1) / W;
  // Only the last chunk can be half full (W = 8, K % 8 == 4).
  auto half = [](int c) { return (c + 1) * W > K; };
  Sums s;
  V prec[N], um[N] = {}, uv[N] = {}, ua[N] = {}, shrink[N] = {};
  for (int c = 0; c < N; ++c) prec[c] = L::load(a.priorPrec + W * c, half(c));
  const float lr = a.lr;
  const double lrBias = a.lrBias;
  float ubias = 0;
  double ubiasShrink = 1;
  size_t cur = SIZE_MAX;
  auto flush = [&] {
    if (cur == SIZE_MAX) return;
    for (int c = 0; c < N; ++c) {
      L::store(a.userMean + cur * K + W * c, um[c], half(c));
      L::store(a.userAcc + cur * K + W * c, ua[c], half(c));
    }
    a.userBias[cur] = ubias;
  };
  constexpr size_t rowBytes = K * sizeof(float);
  for (size_t p = start; p < end; ++p) {
    if (p + kAhead < end) {
      const size_t j = static_cast<size_t>(a.items[p + kAhead]);
      for (size_t off = 0; off < rowBytes; off += 64) {
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemMean + j * K) + off, 1);
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemVar + j * K) + off, 0);
        REELTASTE_PREFETCH(reinterpret_cast<const char*>(a.itemAcc + j * K) + off, 1);
      }
      REELTASTE_PREFETCH(a.itemBias + j, 1);
      REELTASTE_PREFETCH(a.itemBiasVar + j, 0);
      REELTASTE_PREFETCH(a.itemReg + j, 0);
    }
    const size_t u = static_cast<size_t>(a.users[p]);
    const size_t i = static_cast<size_t>(a.items[p]);
    if (u != cur) {
      flush();
      cur = u;
      const float lru = lr * a.userReg[u];
      for (int c = 0; c < N; ++c) {
        um[c] = L::load(a.userMean + u * K + W * c, half(c));
        uv[c] = L::load(a.userVar + u * K + W * c, half(c));
        ua[c] = L::load(a.userAcc + u * K + W * c, half(c));
        shrink[c] = 1.0f / (1.0f + lru * prec[c]);
      }
      ubias = a.userBias[u];
      ubiasShrink = 1.0 / (1.0 + lrBias * a.userReg[u] * a.ubPrec);
    }
    float* const imRow = a.itemMean + i * K;
    float* const iaRow = a.itemAcc + i * K;
    const float* const ivRow = a.itemVar + i * K;
    V y[N], vy[N];
    for (int c = 0; c < N; ++c) {
      y[c] = L::load(imRow + W * c, half(c));
      vy[c] = L::load(ivRow + W * c, half(c));
    }
    // Single precision for the K-long sums; the epoch's sums are doubles. Parity with the TS
    // reference (doubles throughout) stays within 1e-6.
    V dotv = um[0] * y[0];
    V varv = um[0] * um[0] * vy[0] + uv[0] * (y[0] * y[0] + vy[0]);
    for (int c = 1; c < N; ++c) {
      dotv += um[c] * y[c];
      varv += um[c] * um[c] * vy[c] + uv[c] * (y[c] * y[c] + vy[c]);
    }
    const float bi = a.itemBias[i];
    // Only the dot product's subtraction is on the critical path (user row -> dot -> error -> user
    // row); the prediction's constant part is computed beside it.
    const float ef =
        static_cast<float>(static_cast<double>(a.ratings[p]) - (a.mu + static_cast<double>(ubias) + bi)) -
        L::sum(dotv);
    const double e = ef;
    s.sse += e * e;
    s.ese += e * e + a.userBiasVar[u] + a.itemBiasVar[i] + static_cast<double>(L::sum(varv));
    const double ri = a.itemReg[i];
    ubias = static_cast<float>((ubias + lrBias * e) * ubiasShrink);
    a.itemBias[i] = static_cast<float>((bi + lrBias * e) / (1 + lrBias * ri * a.ibPrec));
    const float lri = lr * static_cast<float>(ri);
    for (int c = 0; c < N; ++c) {
      const V x = um[c], vx = uv[c], yk = y[c], vyk = vy[c];
      ua[c] += yk * yk + vyk;
      L::store(iaRow + W * c, L::load(iaRow + W * c, half(c)) + (x * x + vx), half(c));
      um[c] = (x + lr * (ef * yk - x * vyk)) * shrink[c];
      L::store(imRow + W * c, (yk + lr * (ef * x - yk * vx)) / (1.0f + lri * prec[c]), half(c));
    }
  }
  flush();
  return s;
}

}  // namespace reeltaste

#endif
