// What one training step reads and writes (the state arrays of main/model/state.ts and the step's
// constants), shared by the step bodies and the N-API entry point (kernel.cc).
#pragma once

#include <cstddef>
#include <cstdint>

namespace reeltaste {

struct Args {
  const int32_t* users;
  const int32_t* items;
  const float* ratings;
  float* userMean;
  float* userVar;
  float* itemMean;
  float* itemVar;
  float* userBias;
  float* userBiasVar;
  float* itemBias;
  float* itemBiasVar;
  const float* userReg;
  const float* itemReg;
  const float* priorPrec;
  float* userAcc;
  float* itemAcc;
  size_t nUsers;
  size_t nItems;
  int dim;
  float mu;
  float lr;
  float lrBias;
  float ubPrec;
  float ibPrec;
};

struct Sums {
  double sse = 0;
  double ese = 0;
};

// Prefetch distance for item rows (random accesses into ~14 MB on ML-25M): far enough ahead to
// cover a cache miss at this loop's rate, near enough to stay in L1.
constexpr size_t kAhead = 12;

}  // namespace reeltaste

#if defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <xmmintrin.h>
#define REELTASTE_PREFETCH(p, write) _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0)
#elif defined(_MSC_VER)
#define REELTASTE_PREFETCH(p, write) ((void)(p))
#else
#define REELTASTE_PREFETCH(p, write) __builtin_prefetch((p), (write))
#endif

#ifndef REELTASTE_INLINE
#if defined(_MSC_VER)
#define REELTASTE_INLINE __forceinline
#else
#define REELTASTE_INLINE inline __attribute__((always_inline))
#endif
#endif
