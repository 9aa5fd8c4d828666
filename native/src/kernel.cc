// Native training kernel: the same per-example step as main/model/kernel-js.ts (see the maths
// there), over a range of the prepared examples. With several threads the examples come in blocks
// (main/model/data.ts, LibMF's FPSG): each round's blocks share no user and no item, so the threads
// run them at once without locks or races, the variance statistics need no per-thread copies, and
// the result is the same on every run (deterministic for any thread count).
// The loop is compiled twice: for the x86-64-v2 baseline (SSE4.2) and, chosen at run time when the
// CPU has them, for AVX2 + FMA (target attributes, so the build itself stays portable). On ARM64
// the baseline already has NEON.
#include <napi.h>

#include <algorithm>
#include <cstdlib>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>
#include <vector>
#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define REELTASTE_HAS_MXCSR 1
#endif
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
#define REELTASTE_X86 1
#else
#define REELTASTE_X86 0
#endif

namespace {

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

#if defined(_MSC_VER)
#define REELTASTE_INLINE __forceinline
#else
#define REELTASTE_INLINE inline __attribute__((always_inline))
#endif

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
  constexpr size_t kAhead = 12;
  for (size_t p = start; p < end; ++p) {
    if (p + kAhead < end) {
      const size_t j = static_cast<size_t>(a.items[p + kAhead]) * dim;
      for (size_t off = 0; off < rowBytes; off += 64) {
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemMean + j) + off, 1);
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemVar + j) + off, 0);
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemAcc + j) + off, 1);
      }
      __builtin_prefetch(a.itemBias + a.items[p + kAhead], 1);
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

#if defined(__GNUC__) || defined(__clang__)
#define REELTASTE_HAS_VECTOR_BODY 1
// The same step in GCC/Clang vector types: 8 lanes per chunk, the last chunk half full when
// K % 8 == 4 (K = 20: two full chunks and a half one). On the AVX2 clone a chunk is one register,
// on the baseline two SSE registers. The user's rows stay in these registers (or L1) for the run of
// their ratings; item rows are loaded straight into registers, with no copy through memory.
typedef float v8sf __attribute__((vector_size(32)));
typedef float v4sf __attribute__((vector_size(16)));

template <int K>
struct Chunks {
  static_assert(K > 0 && K % 4 == 0, "vector body: K must be a multiple of 4");
  static constexpr int full = K / 8;
  static constexpr int count = (K + 7) / 8;
  static constexpr size_t bytes(int c) { return c < full ? 32 : 16; }
};

// A half chunk goes through a 4-lane value: staging it in an 8-lane one in memory would make the
// next full-width load wait for the store (a store-forwarding stall on every item row).
REELTASTE_INLINE v8sf loadChunk(const float* p, size_t bytes) {
  if (bytes == 32) {
    v8sf v;
    std::memcpy(&v, p, 32);
    return v;
  }
  v4sf h;
  std::memcpy(&h, p, 16);
  const v4sf z = {0, 0, 0, 0};
  return __builtin_shufflevector(h, z, 0, 1, 2, 3, 4, 5, 6, 7);
}

REELTASTE_INLINE void storeChunk(float* p, const v8sf& v, size_t bytes) {
  if (bytes == 32) {
    std::memcpy(p, &v, 32);
    return;
  }
  const v4sf lo = __builtin_shufflevector(v, v, 0, 1, 2, 3);
  std::memcpy(p, &lo, 16);
}

REELTASTE_INLINE float sumLanes(v8sf v) {
  const v4sf lo = __builtin_shufflevector(v, v, 0, 1, 2, 3);
  const v4sf hi = __builtin_shufflevector(v, v, 4, 5, 6, 7);
  const v4sf q = lo + hi;
  const v4sf h = q + __builtin_shufflevector(q, q, 2, 3, 0, 1);
  return h[0] + h[1];
}

template <int K>
REELTASTE_INLINE Sums runVector(const Args& a, size_t start, size_t end) {
  using C = Chunks<K>;
  constexpr int N = C::count;
  Sums s;
  v8sf prec[N], um[N] = {}, uv[N] = {}, ua[N] = {}, shrink[N] = {};
  for (int c = 0; c < N; ++c) prec[c] = loadChunk(a.priorPrec + 8 * c, C::bytes(c));
  const float lr = a.lr;
  const double lrBias = a.lrBias;
  float ubias = 0;
  double ubiasShrink = 1;
  size_t cur = SIZE_MAX;
  auto flush = [&] {
    if (cur == SIZE_MAX) return;
    for (int c = 0; c < N; ++c) {
      storeChunk(a.userMean + cur * K + 8 * c, um[c], C::bytes(c));
      storeChunk(a.userAcc + cur * K + 8 * c, ua[c], C::bytes(c));
    }
    a.userBias[cur] = ubias;
  };
  constexpr size_t kAhead = 12;
  constexpr size_t rowBytes = K * sizeof(float);
  for (size_t p = start; p < end; ++p) {
    if (p + kAhead < end) {
      const size_t ia = static_cast<size_t>(a.items[p + kAhead]);
      for (size_t off = 0; off < rowBytes; off += 64) {
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemMean + ia * K) + off, 1);
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemVar + ia * K) + off, 0);
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemAcc + ia * K) + off, 1);
      }
      __builtin_prefetch(a.itemBias + ia, 1);
      __builtin_prefetch(a.itemBiasVar + ia, 0);
      __builtin_prefetch(a.itemReg + ia, 0);
    }
    const size_t u = static_cast<size_t>(a.users[p]);
    const size_t i = static_cast<size_t>(a.items[p]);
    if (u != cur) {
      flush();
      cur = u;
      const float ru = a.userReg[u];
      const float lru = lr * ru;
      for (int c = 0; c < N; ++c) {
        um[c] = loadChunk(a.userMean + u * K + 8 * c, C::bytes(c));
        uv[c] = loadChunk(a.userVar + u * K + 8 * c, C::bytes(c));
        ua[c] = loadChunk(a.userAcc + u * K + 8 * c, C::bytes(c));
        shrink[c] = 1.0f / (1.0f + lru * prec[c]);
      }
      ubias = a.userBias[u];
      ubiasShrink = 1.0 / (1.0 + lrBias * ru * a.ubPrec);
    }
    float* const imRow = a.itemMean + i * K;
    float* const iaRow = a.itemAcc + i * K;
    const float* const ivRow = a.itemVar + i * K;
    v8sf y[N], vy[N];
    for (int c = 0; c < N; ++c) {
      y[c] = loadChunk(imRow + 8 * c, C::bytes(c));
      vy[c] = loadChunk(ivRow + 8 * c, C::bytes(c));
    }
    v8sf dotv = um[0] * y[0];
    v8sf varv = um[0] * um[0] * vy[0] + uv[0] * (y[0] * y[0] + vy[0]);
    for (int c = 1; c < N; ++c) {
      dotv += um[c] * y[c];
      varv += um[c] * um[c] * vy[c] + uv[c] * (y[c] * y[c] + vy[c]);
    }
    const float bi = a.itemBias[i];
    // Only the dot product's subtraction is on the critical path (user row -> dot -> error -> user
    // row); the prediction's constant part is computed beside it.
    const float ef =
        static_cast<float>(static_cast<double>(a.ratings[p]) - (a.mu + static_cast<double>(ubias) + bi)) -
        sumLanes(dotv);
    const double e = ef;
    s.sse += e * e;
    s.ese += e * e + a.userBiasVar[u] + a.itemBiasVar[i] + static_cast<double>(sumLanes(varv));
    const double ri = a.itemReg[i];
    ubias = static_cast<float>((ubias + lrBias * e) * ubiasShrink);
    a.itemBias[i] = static_cast<float>((bi + lrBias * e) / (1 + lrBias * ri * a.ibPrec));
    const float lri = lr * static_cast<float>(ri);
    for (int c = 0; c < N; ++c) {
      const v8sf x = um[c], vx = uv[c], yk = y[c], vyk = vy[c];
      ua[c] += yk * yk + vyk;
      storeChunk(iaRow + 8 * c, loadChunk(iaRow + 8 * c, C::bytes(c)) + (x * x + vx), C::bytes(c));
      um[c] = (x + lr * (ef * yk - x * vyk)) * shrink[c];
      storeChunk(imRow + 8 * c, (yk + lr * (ef * x - yk * vx)) / (1.0f + lri * prec[c]), C::bytes(c));
    }
  }
  flush();
  return s;
}
#endif

template <int K>
Sums runBaseline(const Args& a, size_t start, size_t end) {
#ifdef REELTASTE_HAS_VECTOR_BODY
  if constexpr (K > 0 && K % 4 == 0) return runVector<K>(a, start, end);
#endif
  return runBody<K>(a, start, end);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define REELTASTE_HAS_AVX2_CLONE 1
template <int K>
__attribute__((target("avx2,fma"))) Sums runAvx2(const Args& a, size_t start, size_t end) {
  if constexpr (K > 0 && K % 4 == 0) return runVector<K>(a, start, end);
  return runBody<K>(a, start, end);
}

bool cpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return has;
}
#endif

// REELTASTE_SIMD=baseline forces the baseline loop (to compare, or to rule the AVX2 path out).
bool useAvx2() {
#ifdef REELTASTE_HAS_AVX2_CLONE
  static const bool use = [] {
    const char* forced = std::getenv("REELTASTE_SIMD");
    return cpuHasAvx2() && !(forced && std::string(forced) == "baseline");
  }();
  return use;
#else
  return false;
#endif
}

const char* simdName() { return useAvx2() ? "avx2" : (sizeof(void*) == 8 && !REELTASTE_X86 ? "neon" : "sse4.2"); }

template <int K>
Sums runRange(const Args& a, size_t start, size_t end) {
#ifdef REELTASTE_HAS_AVX2_CLONE
  if (useAvx2()) return runAvx2<K>(a, start, end);
#endif
  return runBaseline<K>(a, start, end);
}

// Factors the prior shrinks hard (high k, rarely rated items) decay towards zero over the epochs;
// once they are denormal floats every operation on them costs ~100 cycles. Flush them to zero
// (FTZ/DAZ) while the kernel runs; the control register is per thread and is restored after.
class FlushDenormals {
 public:
  FlushDenormals() {
#ifdef REELTASTE_HAS_MXCSR
    saved_ = _mm_getcsr();
    _mm_setcsr(saved_ | 0x8040);
#endif
  }
  ~FlushDenormals() {
#ifdef REELTASTE_HAS_MXCSR
    _mm_setcsr(saved_);
#endif
  }
  FlushDenormals(const FlushDenormals&) = delete;
  FlushDenormals& operator=(const FlushDenormals&) = delete;

 private:
  unsigned int saved_ = 0;
};

Sums dispatch(const Args& a, size_t start, size_t end) {
  FlushDenormals flush;
  // A compile-time K lets the compiler unroll and vectorise the inner loops for the common sizes.
  switch (a.dim) {
    case 8: return runRange<8>(a, start, end);
    case 16: return runRange<16>(a, start, end);
    case 20: return runRange<20>(a, start, end);
    case 32: return runRange<32>(a, start, end);
    default: return runRange<0>(a, start, end);  // dim <= kMaxDim (checked in Run)
  }
}

template <typename T>
T* arrayOf(const Napi::Object& o, const char* name, size_t minLength) {
  Napi::Value v = o.Get(name);
  if (!v.IsTypedArray()) throw Napi::TypeError::New(o.Env(), std::string("kernel: ") + name + " must be a typed array");
  Napi::TypedArray ta = v.As<Napi::TypedArray>();
  if (ta.ElementSize() != sizeof(T)) throw Napi::TypeError::New(o.Env(), std::string("kernel: ") + name + " has the wrong element type");
  if (ta.ElementLength() < minLength)
    throw Napi::RangeError::New(o.Env(), std::string("kernel: ") + name + " is too short");
  return reinterpret_cast<T*>(static_cast<uint8_t*>(ta.ArrayBuffer().Data()) + ta.ByteOffset());
}

double numberOf(const Napi::Object& o, const char* name) {
  Napi::Value v = o.Get(name);
  if (!v.IsNumber()) throw Napi::TypeError::New(o.Env(), std::string("kernel: ") + name + " must be a number");
  return v.As<Napi::Number>().DoubleValue();
}

// run(examples, state, step) -> { sse, ese }. Synchronous: the worker calls it once per batch and
// lets its event loop (cancel messages) run in between.
Napi::Value Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsObject() || !info[1].IsObject() || !info[2].IsObject())
    throw Napi::TypeError::New(env, "kernel.run(examples, state, step) expects three objects");
  Napi::Object ex = info[0].As<Napi::Object>(), st = info[1].As<Napi::Object>(), step = info[2].As<Napi::Object>();
  const int dim = static_cast<int>(numberOf(st, "dim"));
  const size_t nUsers = static_cast<size_t>(numberOf(st, "nUsers"));
  const size_t nItems = static_cast<size_t>(numberOf(st, "nItems"));
  const size_t start = static_cast<size_t>(numberOf(step, "start"));
  const size_t end = static_cast<size_t>(numberOf(step, "end"));
  const int threads = std::max(1, static_cast<int>(numberOf(step, "threads")));
  if (dim < 1 || dim > kMaxDim || end < start) throw Napi::RangeError::New(env, "kernel: bad dim or range");

  Args a{};
  a.users = arrayOf<int32_t>(ex, "users", end);
  a.items = arrayOf<int32_t>(ex, "items", end);
  a.ratings = arrayOf<float>(ex, "ratings", end);
  a.userMean = arrayOf<float>(st, "userMean", nUsers * dim);
  a.userVar = arrayOf<float>(st, "userVar", nUsers * dim);
  a.itemMean = arrayOf<float>(st, "itemMean", nItems * dim);
  a.itemVar = arrayOf<float>(st, "itemVar", nItems * dim);
  a.userBias = arrayOf<float>(st, "userBias", nUsers);
  a.userBiasVar = arrayOf<float>(st, "userBiasVar", nUsers);
  a.itemBias = arrayOf<float>(st, "itemBias", nItems);
  a.itemBiasVar = arrayOf<float>(st, "itemBiasVar", nItems);
  a.userReg = arrayOf<float>(st, "userReg", nUsers);
  a.itemReg = arrayOf<float>(st, "itemReg", nItems);
  a.priorPrec = arrayOf<float>(st, "priorPrec", dim);
  a.userAcc = arrayOf<float>(st, "userAcc", nUsers * dim);
  a.itemAcc = arrayOf<float>(st, "itemAcc", nItems * dim);
  a.nUsers = nUsers;
  a.nItems = nItems;
  a.dim = dim;
  a.mu = static_cast<float>(numberOf(st, "mu"));
  a.lr = static_cast<float>(numberOf(step, "lr"));
  a.lrBias = static_cast<float>(numberOf(step, "lrBias"));
  a.ubPrec = static_cast<float>(1.0 / numberOf(st, "userBiasPrior"));
  a.ibPrec = static_cast<float>(1.0 / numberOf(st, "itemBiasPrior"));
  // The ids index the state arrays unchecked in the loop: check them once here.
  for (size_t p = start; p < end; ++p) {
    if (static_cast<size_t>(a.users[p]) >= nUsers || static_cast<size_t>(a.items[p]) >= nItems)
      throw Napi::RangeError::New(env, "kernel: example " + std::to_string(p) + " has an out-of-range user or item");
  }

  // Blocks (examples.grid, examples.blocks): G x G offsets, round-major. Without them (or with one
  // thread) the range runs in order on this thread.
  int grid = 1;
  const uint32_t* blocks = nullptr;
  if (ex.Has("blocks") && ex.Get("blocks").IsTypedArray()) {
    grid = static_cast<int>(numberOf(ex, "grid"));
    if (grid < 1 || grid > 64) throw Napi::RangeError::New(env, "kernel: grid must be in 1..64");
    const size_t nBlocks = static_cast<size_t>(grid) * grid;
    blocks = arrayOf<uint32_t>(ex, "blocks", nBlocks + 1);
    for (size_t b = 0; b < nBlocks; ++b)
      if (blocks[b] > blocks[b + 1]) throw Napi::RangeError::New(env, "kernel: block offsets must not decrease");
    if (blocks[0] != 0 || blocks[nBlocks] < end)
      throw Napi::RangeError::New(env, "kernel: the blocks must cover the examples from 0 to the range's end");
  }
  const int workers = blocks ? std::min(threads, grid) : 1;
  Sums total;
  if (workers == 1) {
    total = dispatch(a, start, end);
  } else {
    // Round by round: worker t takes blocks t, t + workers, ... of the round (disjoint rows and
    // columns), clipped to [start, end); the sums are added in block order, so the result does
    // not depend on which thread finishes first.
    std::vector<Sums> sums(grid);
    for (int r = 0; r < grid; ++r) {
      const size_t r0 = blocks[static_cast<size_t>(r) * grid], r1 = blocks[static_cast<size_t>(r + 1) * grid];
      if (r1 <= start || r0 >= end) continue;
      std::fill(sums.begin(), sums.end(), Sums{});
      auto work = [&, r](int t) {
        for (int b = t; b < grid; b += workers) {
          const size_t b0 = std::max<size_t>(start, blocks[static_cast<size_t>(r) * grid + b]);
          const size_t b1 = std::min<size_t>(end, blocks[static_cast<size_t>(r) * grid + b + 1]);
          if (b0 < b1) sums[b] = dispatch(a, b0, b1);
        }
      };
      std::vector<std::thread> pool;
      pool.reserve(workers - 1);
      for (int t = 1; t < workers; ++t) pool.emplace_back(work, t);
      work(0);
      for (auto& th : pool) th.join();
      for (const Sums& s : sums) {
        total.sse += s.sse;
        total.ese += s.ese;
      }
    }
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("sse", total.sse);
  out.Set("ese", total.ese);
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
  exports.Set("version", Napi::Number::New(env, 2));
  exports.Set("simd", Napi::String::New(env, simdName()));
  return exports;
}

}  // namespace

NODE_API_MODULE(reeltaste_train, Init)
