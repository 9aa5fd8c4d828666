// Native training kernel: the same per-example step as main/model/kernel-js.ts (see the maths
// there), over a range of the prepared examples. With several threads the examples come in blocks
// (main/model/data.ts, LibMF's FPSG): each round's blocks share no user and no item, so the threads
// run them at once without locks or races, the variance statistics need no per-thread copies, and
// the result is the same on every run (deterministic for any thread count).
// The step (step-vector.h, or step-generic.h for other K and compilers) is compiled twice: for the
// x86-64-v2 baseline (SSE4.2) and, chosen at run time when the CPU has them, for AVX2 + FMA (target
// attributes, so the build itself stays portable). On ARM64 the baseline already has NEON.
#include <napi.h>

#include <algorithm>
#include <cstdlib>
#include <cstdint>
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

#include "epoch-end.h"
#include "step-args.h"
#include "step-generic.h"
#include "step-vector.h"

namespace {

using reeltaste::Args;
using reeltaste::kMaxDim;
constexpr size_t kAheadHeldOut = 8;
using reeltaste::runBody;
using reeltaste::Sums;
#ifdef REELTASTE_HAS_VECTOR_STEP
using reeltaste::runVector;
#endif

template <int K>
Sums runBaseline(const Args& a, size_t start, size_t end) {
#ifdef REELTASTE_HAS_VECTOR_STEP
  if constexpr (K > 0 && K % 4 == 0) return runVector<4, K>(a, start, end);
#endif
  return runBody<K>(a, start, end);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define REELTASTE_HAS_AVX2_CLONE 1
template <int K>
__attribute__((target("avx2,fma"))) Sums runAvx2(const Args& a, size_t start, size_t end) {
  if constexpr (K > 0 && K % 4 == 0) return runVector<8, K>(a, start, end);
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

  // Blocks (examples.grid, examples.rounds, examples.blocks): the starts of each round's G blocks,
  // round after round (data.ts). Without them (or with one thread) the range runs in order on
  // this thread.
  int grid = 1;
  size_t rounds = 0;
  const uint32_t* blocks = nullptr;
  if (ex.Has("blocks") && ex.Get("blocks").IsTypedArray()) {
    grid = static_cast<int>(numberOf(ex, "grid"));
    if (grid < 1 || grid > 64) throw Napi::RangeError::New(env, "kernel: grid must be in 1..64");
    rounds = ex.Has("rounds") ? static_cast<size_t>(numberOf(ex, "rounds")) : static_cast<size_t>(grid);
    if (rounds < 1) throw Napi::RangeError::New(env, "kernel: rounds must be at least 1");
    const size_t nBlocks = rounds * grid;
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
    for (size_t r = 0; r < rounds; ++r) {
      const size_t r0 = blocks[r * grid], r1 = blocks[(r + 1) * grid];
      if (r1 <= start || r0 >= end) continue;
      std::fill(sums.begin(), sums.end(), Sums{});
      auto work = [&, r](int t) {
        for (int b = t; b < grid; b += workers) {
          const size_t b0 = std::max<size_t>(start, blocks[r * grid + b]);
          const size_t b1 = std::min<size_t>(end, blocks[r * grid + b + 1]);
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

// heldOutSse(examples, state) -> the sum of squared errors of the clamped mean prediction over the
// examples: main/model/epoch.ts heldOutRmse's sum, in the same double arithmetic (float products
// are exact in double), for the validation pass after every epoch.
Napi::Value HeldOutSse(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsObject())
    throw Napi::TypeError::New(env, "kernel.heldOutSse(examples, state) expects two objects");
  Napi::Object ex = info[0].As<Napi::Object>(), st = info[1].As<Napi::Object>();
  const int dim = static_cast<int>(numberOf(st, "dim"));
  const size_t nUsers = static_cast<size_t>(numberOf(st, "nUsers"));
  const size_t nItems = static_cast<size_t>(numberOf(st, "nItems"));
  if (dim < 1 || dim > kMaxDim) throw Napi::RangeError::New(env, "kernel: bad dim");
  Napi::Value r = ex.Get("ratings");
  if (!r.IsTypedArray()) throw Napi::TypeError::New(env, "kernel: ratings must be a typed array");
  const size_t n = r.As<Napi::TypedArray>().ElementLength();
  const int32_t* users = arrayOf<int32_t>(ex, "users", n);
  const int32_t* items = arrayOf<int32_t>(ex, "items", n);
  const float* ratings = arrayOf<float>(ex, "ratings", n);
  const float* userMean = arrayOf<float>(st, "userMean", nUsers * dim);
  const float* itemMean = arrayOf<float>(st, "itemMean", nItems * dim);
  const float* userBias = arrayOf<float>(st, "userBias", nUsers);
  const float* itemBias = arrayOf<float>(st, "itemBias", nItems);
  const double mu = numberOf(st, "mu"), lo = numberOf(st, "ratingMin"), hi = numberOf(st, "ratingMax");
  double sse = 0;
  for (size_t p = 0; p < n; ++p) {
    const size_t u = static_cast<size_t>(users[p]), i = static_cast<size_t>(items[p]);
    if (u >= nUsers || i >= nItems)
      throw Napi::RangeError::New(env, "kernel: example " + std::to_string(p) + " has an out-of-range user or item");
    if (p + kAheadHeldOut < n) REELTASTE_PREFETCH(itemMean + static_cast<size_t>(items[p + kAheadHeldOut]) * dim, 0);
    const float* um = userMean + u * dim;
    const float* im = itemMean + i * dim;
    double dot = 0;
    for (int k = 0; k < dim; ++k) dot += static_cast<double>(um[k]) * im[k];
    double pred = mu + static_cast<double>(userBias[u]) + static_cast<double>(itemBias[i]) + dot;
    pred = pred < lo ? lo : pred > hi ? hi : pred;
    const double e = static_cast<double>(ratings[p]) - pred;
    sse += e * e;
  }
  return Napi::Number::New(env, sse);
}

// endEpoch(state, userCounts, itemCounts, ese, nTrain) -> { noiseVar, kl }: epoch.ts
// updateVariances (the state's noiseVar is the caller's to set from the answer) and then
// klDivergence, over the updated posterior (epoch-end.h).
Napi::Value EndEpoch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5 || !info[0].IsObject() || !info[3].IsNumber() || !info[4].IsNumber())
    throw Napi::TypeError::New(env, "kernel.endEpoch(state, userCounts, itemCounts, ese, nTrain) expects a state, two count arrays and two numbers");
  Napi::Object st = info[0].As<Napi::Object>();
  const int dim = static_cast<int>(numberOf(st, "dim"));
  const size_t nUsers = static_cast<size_t>(numberOf(st, "nUsers"));
  const size_t nItems = static_cast<size_t>(numberOf(st, "nItems"));
  if (dim < 1 || dim > kMaxDim) throw Napi::RangeError::New(env, "kernel: bad dim");
  Napi::Object counts = Napi::Object::New(env);
  counts.Set("userCounts", info[1]);
  counts.Set("itemCounts", info[2]);
  const double ese = info[3].As<Napi::Number>().DoubleValue();
  const double nTrain = info[4].As<Napi::Number>().DoubleValue();
  const float* prec = arrayOf<float>(st, "priorPrec", dim);
  const float* priorVar = arrayOf<float>(st, "priorVar", dim);
  const double ubPrior = numberOf(st, "userBiasPrior"), ibPrior = numberOf(st, "itemBiasPrior");
  reeltaste::EpochEndRows users{arrayOf<float>(st, "userMean", nUsers * dim), arrayOf<float>(st, "userVar", nUsers * dim),
                                arrayOf<float>(st, "userAcc", nUsers * dim),  arrayOf<float>(st, "userBiasVar", nUsers),
                                arrayOf<float>(st, "userReg", nUsers),        arrayOf<int32_t>(counts, "userCounts", nUsers),
                                nUsers};
  reeltaste::EpochEndRows items{arrayOf<float>(st, "itemMean", nItems * dim), arrayOf<float>(st, "itemVar", nItems * dim),
                                arrayOf<float>(st, "itemAcc", nItems * dim),  arrayOf<float>(st, "itemBiasVar", nItems),
                                arrayOf<float>(st, "itemReg", nItems),        arrayOf<int32_t>(counts, "itemCounts", nItems),
                                nItems};
  // As epoch.ts: the floor keeps a degenerate data set (all ratings equal) from dividing by zero.
  const double noiseVar = std::max(ese / nTrain, 1e-4);
  const double inv = 1 / noiseVar;
  reeltaste::endEpochSide(users, prec, dim, inv, noiseVar, ubPrior);
  reeltaste::endEpochSide(items, prec, dim, inv, noiseVar, ibPrior);
  std::vector<double> pinv(dim);
  for (int k = 0; k < dim; ++k) pinv[k] = 1.0 / static_cast<double>(priorVar[k]);
  const double kl =
      reeltaste::klSide(users.mean, users.var, arrayOf<float>(st, "userBias", nUsers), users.biasVar, users.counts, nUsers,
                        pinv.data(), dim, ubPrior) +
      reeltaste::klSide(items.mean, items.var, arrayOf<float>(st, "itemBias", nItems), items.biasVar, items.counts, nItems,
                        pinv.data(), dim, ibPrior);
  Napi::Object out = Napi::Object::New(env);
  out.Set("noiseVar", noiseVar);
  out.Set("kl", kl);
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("heldOutSse", Napi::Function::New(env, HeldOutSse, "heldOutSse"));
  exports.Set("endEpoch", Napi::Function::New(env, EndEpoch, "endEpoch"));
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
  exports.Set("version", Napi::Number::New(env, 4));
  exports.Set("simd", Napi::String::New(env, simdName()));
  return exports;
}

}  // namespace

NODE_API_MODULE(reeltaste_train, Init)
