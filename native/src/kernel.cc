// Native training kernel: the same per-example step as main/model/kernel-js.ts (see the maths
// there), over a range of the prepared examples, split across std::threads without locks
// (Hogwild: two threads rarely touch the same user or item at once, and a lost update is harmless
// to SGD). Each thread writes its own block of the variance statistics, so those are never raced.
// With one thread the result is deterministic.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>
#if defined(__SSE__) || defined(_M_X64)
#include <xmmintrin.h>
#define REELTASTE_HAS_MXCSR 1
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

template <int K>
Sums runRange(const Args& a, size_t start, size_t end, float* uAcc, float* iAcc) {
  const int dim = K > 0 ? K : a.dim;
  Sums s;
  // Item rows are random accesses into ~14 MB (ML-25M): without prefetching, the loop waits on
  // memory for most of its time. Fetch the rows of an example a few steps ahead.
  constexpr size_t kAhead = 12;
  const size_t rowBytes = static_cast<size_t>(dim) * sizeof(float);
  for (size_t p = start; p < end; ++p) {
    if (p + kAhead < end) {
      const size_t j = static_cast<size_t>(a.items[p + kAhead]) * dim;
      for (size_t off = 0; off < rowBytes; off += 64) {
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemMean + j) + off, 1);
        __builtin_prefetch(reinterpret_cast<const char*>(a.itemVar + j) + off, 0);
        __builtin_prefetch(reinterpret_cast<const char*>(iAcc + j) + off, 1);
      }
      __builtin_prefetch(a.itemBias + a.items[p + kAhead], 1);
    }
    const size_t u = static_cast<size_t>(a.users[p]);
    const size_t i = static_cast<size_t>(a.items[p]);
    float* __restrict um = a.userMean + u * dim;
    float* __restrict im = a.itemMean + i * dim;
    const float* __restrict uv = a.userVar + u * dim;
    const float* __restrict iv = a.itemVar + i * dim;
    float* __restrict ua = uAcc + u * dim;
    float* __restrict ia = iAcc + i * dim;
    const float* __restrict prec = a.priorPrec;
    // Doubles for the per-example sums, like the TS reference (JS numbers), so both backends
    // round the same way where it matters most.
    double dot = 0, varTerm = 0;
    for (int k = 0; k < dim; ++k) {
      const double x = um[k], y = im[k], vx = uv[k], vy = iv[k];
      dot += x * y;
      varTerm += x * x * vy + vx * y * y + vx * vy;
    }
    const double bu = a.userBias[u], bi = a.itemBias[i];
    const double e = static_cast<double>(a.ratings[p]) - (a.mu + bu + bi + dot);
    s.sse += e * e;
    s.ese += e * e + a.userBiasVar[u] + a.itemBiasVar[i] + varTerm;
    const double ru = a.userReg[u], ri = a.itemReg[i];
    a.userBias[u] = static_cast<float>((bu + a.lrBias * e) / (1 + a.lrBias * ru * a.ubPrec));
    a.itemBias[i] = static_cast<float>((bi + a.lrBias * e) / (1 + a.lrBias * ri * a.ibPrec));
    const float ef = static_cast<float>(e), lr = a.lr;
    const float fru = static_cast<float>(ru), fri = static_cast<float>(ri);
    for (int k = 0; k < dim; ++k) {
      const float x = um[k], y = im[k], vx = uv[k], vy = iv[k], pp = prec[k];
      ua[k] += y * y + vy;
      ia[k] += x * x + vx;
      um[k] = (x + lr * (ef * y - x * vy)) / (1.0f + lr * fru * pp);
      im[k] = (y + lr * (ef * x - y * vx)) / (1.0f + lr * fri * pp);
    }
  }
  return s;
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

Sums dispatch(const Args& a, size_t start, size_t end, float* uAcc, float* iAcc) {
  FlushDenormals flush;
  // A compile-time K lets the compiler unroll and vectorise the inner loops for the common sizes.
  switch (a.dim) {
    case 8: return runRange<8>(a, start, end, uAcc, iAcc);
    case 16: return runRange<16>(a, start, end, uAcc, iAcc);
    case 20: return runRange<20>(a, start, end, uAcc, iAcc);
    case 32: return runRange<32>(a, start, end, uAcc, iAcc);
    default: return runRange<0>(a, start, end, uAcc, iAcc);
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
  const int stateThreads = static_cast<int>(numberOf(st, "threads"));
  const int threads = std::max(1, std::min(static_cast<int>(numberOf(step, "threads")), stateThreads));
  if (dim < 1 || end < start) throw Napi::RangeError::New(env, "kernel: bad dim or range");

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
  a.userAcc = arrayOf<float>(st, "userAcc", stateThreads * nUsers * dim);
  a.itemAcc = arrayOf<float>(st, "itemAcc", stateThreads * nItems * dim);
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

  std::vector<Sums> sums(threads);
  const size_t len = end - start;
  if (threads == 1) {
    sums[0] = dispatch(a, start, end, a.userAcc, a.itemAcc);
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (int t = 0; t < threads; ++t) {
      const size_t s0 = start + len * t / threads, s1 = start + len * (t + 1) / threads;
      float* uAcc = a.userAcc + static_cast<size_t>(t) * nUsers * dim;
      float* iAcc = a.itemAcc + static_cast<size_t>(t) * nItems * dim;
      pool.emplace_back([&, t, s0, s1, uAcc, iAcc] { sums[t] = dispatch(a, s0, s1, uAcc, iAcc); });
    }
    for (auto& th : pool) th.join();
  }
  Sums total;
  for (const Sums& s : sums) {
    total.sse += s.sse;
    total.ese += s.ese;
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("sse", total.sse);
  out.Set("ese", total.ese);
  return out;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("hardwareThreads", Napi::Number::New(env, std::thread::hardware_concurrency()));
  exports.Set("version", Napi::Number::New(env, 1));
  return exports;
}

}  // namespace

NODE_API_MODULE(reeltaste_train, Init)
