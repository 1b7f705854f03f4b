// The N-API surface: argument checks, typed-array plumbing, module exports.
// Calls return memkit::Status (0, errno, or a negative memkit code); the TypeScript facade turns
// a status into the Python-style or Node-style error, so hot paths never build errors here.
// Hot calls write into `scratch`, a Float64Array owned by each addon instance (one per Node
// environment, so worker threads never share it), and the facade reads it back.
//
// Embedders terminate workers and exit at any moment: while an environment is going away every
// N-API call that makes a value may fail. So every result is checked (an empty value, a false
// Set) and the call returns quietly; NODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS (binding.gyp) makes
// node-addon-api drop the error it cannot throw then instead of aborting the process.
#include <dlfcn.h>
#include <napi.h>
#include <uv.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <cmath>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "memkit.h"

void RegisterPsutilExt(Napi::Env env, Napi::Object exports);  // binding_psutil_ext.cc

namespace {

bool IsInt32(const Napi::Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  return std::isfinite(d) && d == std::trunc(d) && d >= -2147483648.0 && d <= 2147483647.0;
}

bool IsLimit(const Napi::Value& v) {
  if (!v.IsNumber()) return false;
  double d = v.As<Napi::Number>().DoubleValue();
  return d >= 0 && (std::isinf(d) || d == std::trunc(d));
}

// Returns the data of a Float64Array of at least `length` elements, or null after throwing.
double* Float64Out(const Napi::CallbackInfo& info, size_t index, size_t length) {
  Napi::Value v = info[index];
  if (v.IsTypedArray()) {
    Napi::TypedArray ta = v.As<Napi::TypedArray>();
    if (ta.TypedArrayType() == napi_float64_array && ta.ElementLength() >= length) {
      return ta.As<Napi::Float64Array>().Data();
    }
  }
  Napi::TypeError::New(info.Env(), "out must be a Float64Array of length >= " +
                                       std::to_string(length))
      .ThrowAsJavaScriptException();
  return nullptr;
}

bool CheckInt32Args(const Napi::CallbackInfo& info, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    if (!IsInt32(info[i])) {
      Napi::TypeError::New(info.Env(), "argument " + std::to_string(i) + " must be an int32")
          .ThrowAsJavaScriptException();
      return false;
    }
  }
  return true;
}

void WriteLimits(double* out, const memkit::Limits& limits) {
  out[0] = limits.soft;
  out[1] = limits.hard;
}

constexpr size_t kScratchLength = 64;

// Node dlclose()s an addon when the last environment that loaded it goes away (a worker that was
// its only user). A sampler thread whose object could not be wrapped while its worker was being
// terminated, or one at the end of its join, still runs this library's code: keep it mapped.
void PinLibrary() {
  static std::atomic<bool> pinned{false};
  if (pinned.exchange(true)) return;
  Dl_info info;
  if (dladdr(reinterpret_cast<void*>(&PinLibrary), &info) != 0 && info.dli_fname != nullptr) {
    dlopen(info.dli_fname, RTLD_NOW | RTLD_NODELETE);  // never closed, on purpose
  }
}

// An Error shaped like Node's system errors (code, errno, syscall) for a failed system call.
void ThrowSystemError(Napi::Env env, int err, const char* syscall) {
  std::string message = std::string(uv_err_name(-err)) + ": " + uv_strerror(-err) + ", " + syscall;
  Napi::Error error = Napi::Error::New(env, message);
  if (error.IsEmpty()) return;
  if (!error.Set("code", uv_err_name(-err)) || !error.Set("errno", static_cast<double>(-err)) ||
      !error.Set("syscall", syscall)) {
    return;
  }
  error.ThrowAsJavaScriptException();
}

Napi::Array FieldNameArray(Napi::Env env, memkit::FieldNames fields) {
  Napi::Array names = Napi::Array::New(env, fields.count);
  if (names.IsEmpty()) return names;
  for (int i = 0; i < fields.count; ++i) {
    if (!names.Set(i, fields.names[i])) return Napi::Array();
  }
  return names;
}

// Memory of many pids: values[i * kMaxFields ...] and statuses[i] for pids[i]; one failing pid
// does not stop the others.
void MemoryInfoMany(const int32_t* pids, size_t count, double* values, int32_t* statuses) {
  for (size_t i = 0; i < count; ++i) {
    statuses[i] = memkit::MemoryInfo(pids[i], values + i * memkit::kMaxFields);
  }
}

// { values, statuses } for memoryInfoMany (both already made), or an empty object when the
// environment is going away.
Napi::Object ManyResult(Napi::Env env, Napi::Float64Array values, Napi::Int32Array statuses) {
  Napi::Object result = Napi::Object::New(env);
  if (result.IsEmpty() || !result.Set("values", values) || !result.Set("statuses", statuses)) {
    return Napi::Object();
  }
  return result;
}

template <typename TypedArray, typename T>
TypedArray TypedArrayOf(Napi::Env env, const std::vector<T>& items) {
  TypedArray array = TypedArray::New(env, items.size());
  if (!array.IsEmpty()) std::copy(items.begin(), items.end(), array.Data());
  return array;
}

// memoryInfoMany off the main thread: the pids are copied in, the results copied out. Raw
// N-API rather than Napi::AsyncWorker and Promise::Deferred, which keep uninitialized handles
// when their creation fails in a dying environment.
class MemoryInfoManyWork {
 public:
  // Returns the promise, or null (with an error thrown where one can be) on failure.
  static napi_value Queue(napi_env env, const int32_t* pids, size_t count) {
    std::unique_ptr<MemoryInfoManyWork> work(new (std::nothrow) MemoryInfoManyWork(count));
    if (!work || !work->pids_ || !work->values_ || !work->statuses_) {
      ThrowSystemError(Napi::Env(env), ENOMEM, "memoryInfoManyAsync");
      return nullptr;
    }
    std::copy(pids, pids + count, work->pids_.get());
    napi_value promise = nullptr;
    napi_value name = nullptr;
    if (napi_create_string_utf8(env, "memkit.memoryInfoManyAsync", NAPI_AUTO_LENGTH, &name) !=
            napi_ok ||
        napi_create_promise(env, &work->deferred_, &promise) != napi_ok) {
      return nullptr;
    }
    if (napi_create_async_work(env, nullptr, name, &Execute, &Complete, work.get(),
                               &work->work_) != napi_ok) {
      return nullptr;  // the deferred is left unresolved: only a dying environment gets here
    }
    if (napi_queue_async_work(env, work->work_) != napi_ok) {
      napi_delete_async_work(env, work->work_);
      return nullptr;
    }
    work.release();  // Complete() frees it
    return promise;
  }

 private:
  explicit MemoryInfoManyWork(size_t count)
      : count_(count),
        pids_(new (std::nothrow) int32_t[count]),
        values_(new (std::nothrow) double[count * memkit::kMaxFields]),
        statuses_(new (std::nothrow) int32_t[count]) {}

  static void Execute(napi_env, void* data) {
    auto* work = static_cast<MemoryInfoManyWork*>(data);
    MemoryInfoMany(work->pids_.get(), work->count_, work->values_.get(), work->statuses_.get());
  }

  // Also runs while a terminated worker's environment is torn down: then nothing is resolved.
  static void Complete(napi_env raw_env, napi_status status, void* data) {
    std::unique_ptr<MemoryInfoManyWork> work(static_cast<MemoryInfoManyWork*>(data));
    napi_delete_async_work(raw_env, work->work_);
    if (status != napi_ok) return;
    Napi::Env env(raw_env);
    Napi::Float64Array values = Napi::Float64Array::New(env, work->count_ * memkit::kMaxFields);
    Napi::Int32Array statuses = Napi::Int32Array::New(env, work->count_);
    if (values.IsEmpty() || statuses.IsEmpty()) return;
    std::copy(work->values_.get(), work->values_.get() + work->count_ * memkit::kMaxFields,
              values.Data());
    std::copy(work->statuses_.get(), work->statuses_.get() + work->count_, statuses.Data());
    Napi::Object result = ManyResult(env, values, statuses);
    if (!result.IsEmpty()) napi_resolve_deferred(raw_env, work->deferred_, result);
  }

  const size_t count_;
  std::unique_ptr<int32_t[]> pids_;
  std::unique_ptr<double[]> values_;
  std::unique_ptr<int32_t[]> statuses_;
  napi_deferred deferred_ = nullptr;
  napi_async_work work_ = nullptr;
};

bool Int32ArrayArg(const Napi::CallbackInfo& info, Napi::Int32Array* out) {
  if (info[0].IsTypedArray() &&
      info[0].As<Napi::TypedArray>().TypedArrayType() == napi_int32_array) {
    *out = info[0].As<Napi::Int32Array>();
    return true;
  }
  Napi::TypeError::New(info.Env(), "pids must be an Int32Array").ThrowAsJavaScriptException();
  return false;
}

// new Sampler(pid, interval, full, field, maxSamples): memkit::Sampler for JavaScript.
// drain() -> { status, samples: Float64Array of (unix time, bytes) pairs }; stop() ends it.
class SamplerWrap : public Napi::ObjectWrap<SamplerWrap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Sampler",
                       {InstanceMethod("drain", &SamplerWrap::Drain),
                        InstanceMethod("stop", &SamplerWrap::Stop)});
  }

  explicit SamplerWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<SamplerWrap>(info) {
    Napi::Env env = info.Env();
    if (!IsInt32(info[0]) || !info[1].IsNumber() || !info[2].IsBoolean() || !IsInt32(info[3]) ||
        !info[4].IsNumber()) {
      Napi::TypeError::New(env, "Sampler(pid, interval, full, field, maxSamples)")
          .ThrowAsJavaScriptException();
      return;
    }
    double interval = info[1].As<Napi::Number>().DoubleValue();
    bool full = info[2].As<Napi::Boolean>().Value();
    int field = info[3].As<Napi::Number>().Int32Value();
    double max_samples = info[4].As<Napi::Number>().DoubleValue();
    int fields = full ? memkit::PfullmemFields().count : memkit::PmemFields().count;
    if (!(interval > 0 && interval < 1e6) || field < 0 || field >= fields || !(max_samples >= 1)) {
      Napi::RangeError::New(env, "Sampler: interval, field or maxSamples out of range")
          .ThrowAsJavaScriptException();
      return;
    }
    long max = max_samples >= static_cast<double>(LONG_MAX) ? LONG_MAX
                                                             : static_cast<long>(max_samples);
    // Not wrapped (a terminating environment): nothing would ever stop the thread.
    if (IsEmpty()) return;
    memkit::Status status = memkit::Sampler::Start(info[0].As<Napi::Number>().Int32Value(),
                                                   interval, full, field, max, &sampler_);
    if (status != memkit::kOk) ThrowSystemError(env, status, "pthread_create");
  }

 private:
  Napi::Value Drain(const Napi::CallbackInfo& info) {
    std::vector<double> samples;
    memkit::Status status = sampler_ ? sampler_->Drain(&samples) : memkit::kSamplerDone;
    Napi::Float64Array array = TypedArrayOf<Napi::Float64Array>(info.Env(), samples);
    if (array.IsEmpty()) return Napi::Value();
    Napi::Object result = Napi::Object::New(info.Env());
    if (result.IsEmpty() || !result.Set("status", status) || !result.Set("samples", array)) {
      return Napi::Value();
    }
    return result;
  }

  // Joins the thread; samples not drained yet are dropped.
  void Stop(const Napi::CallbackInfo&) { sampler_.reset(); }

  std::unique_ptr<memkit::Sampler> sampler_;
};

class MemkitAddon : public Napi::Addon<MemkitAddon> {
 public:
  // Each step stops at the first failure: only a dying environment makes them fail, and its
  // exports are never used.
  MemkitAddon(Napi::Env env, Napi::Object exports) {
    PinLibrary();
    Napi::Float64Array scratch = Napi::Float64Array::New(env, kScratchLength);
    if (scratch.IsEmpty()) return;
    scratch_ref_ = Napi::Persistent(scratch);
    if (scratch_ref_.IsEmpty() || !exports.Set("scratch", scratch)) return;
    scratch_ = scratch.Data();
    if (!DefineHot(env, exports, "getrusage", &MemkitAddon::Getrusage) ||
        !DefineHot(env, exports, "memoryInfo", &MemkitAddon::MemoryInfo) ||
        !DefineHot(env, exports, "memoryFullInfo", &MemkitAddon::MemoryFullInfo) ||
        !DefineHot(env, exports, "virtualMemory", &MemkitAddon::VirtualMemory) ||
        !DefineHot(env, exports, "swapMemory", &MemkitAddon::SwapMemory) ||
        !DefineHot(env, exports, "readProcess", &MemkitAddon::ReadProcess)) {
      return;
    }
    DefineAddon(exports, {
                             InstanceMethod("getrlimit", &MemkitAddon::Getrlimit),
                             InstanceMethod("setrlimit", &MemkitAddon::Setrlimit),
                             InstanceMethod("prlimit", &MemkitAddon::Prlimit),
                             InstanceMethod("extendName", &MemkitAddon::ExtendName),
                             InstanceMethod("pids", &MemkitAddon::Pids),
                             InstanceMethod("parents", &MemkitAddon::Parents),
                             InstanceMethod("memoryInfoMany", &MemkitAddon::MemoryInfoMany),
                             InstanceMethod("memoryInfoManyAsync",
                                            &MemkitAddon::MemoryInfoManyAsync),
                         });
    if (env.IsExceptionPending()) return;
    Napi::Function sampler = SamplerWrap::Define(env);
    if (sampler.IsEmpty() || !exports.Set("Sampler", sampler)) return;
    Napi::Array pmem = FieldNameArray(env, memkit::PmemFields());
    Napi::Array pfullmem = FieldNameArray(env, memkit::PfullmemFields());
    Napi::Array svmem = FieldNameArray(env, memkit::SvmemFields());
    if (pmem.IsEmpty() || pfullmem.IsEmpty() || svmem.IsEmpty()) return;
    if (!exports.Set("pmemFields", pmem) || !exports.Set("pfullmemFields", pfullmem) ||
        !exports.Set("svmemFields", svmem) || !exports.Set("maxFields", memkit::kMaxFields) ||
        !exports.Set("pageSize", static_cast<double>(memkit::PageSize())) ||
        !exports.Set("rlimMax", memkit::RlimMax()) ||
        !exports.Set("hasPrlimit", memkit::HasPrlimit())) {
      return;
    }
    Napi::Object status = Napi::Object::New(env);
    if (status.IsEmpty() || !status.Set("invalidResource", memkit::kInvalidResource) ||
        !status.Set("unsupported", memkit::kUnsupported) ||
        !status.Set("zombieProcess", memkit::kZombieProcess) ||
        !status.Set("samplerDone", memkit::kSamplerDone) ||
        !status.Set("outOfRange", memkit::kOutOfRange) ||
        !status.Set("notInt32", memkit::kNotInt32) || !exports.Set("status", status)) {
      return;
    }
    std::size_t count = 0;
    const memkit::NamedConstant* constants = memkit::ResourceConstants(&count);
    Napi::Object resource = Napi::Object::New(env);
    if (resource.IsEmpty()) return;
    for (std::size_t i = 0; i < count; ++i) {
      if (!resource.Set(constants[i].name, static_cast<double>(constants[i].value))) return;
    }
    exports.Set("resourceConstants", resource);
    RegisterPsutilExt(env, exports);
  }

 private:
  // Hot calls skip node-addon-api's CallbackInfo wrapper, which costs more than the system call
  // (see bench/). They take int32 arguments, fill scratch_ and return a status.
  using HotCallback = napi_value (*)(napi_env, napi_callback_info);

  bool DefineHot(Napi::Env env, Napi::Object exports, const char* name, HotCallback cb) {
    napi_value fn;
    if (napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, this, &fn) != napi_ok) return false;
    return exports.Set(name, Napi::Value(env, fn));
  }

  // Reads `count` int32 arguments with one N-API call each. Returns the addon instance the
  // function was created for (null when its load was cut short by the environment going away),
  // with *status kNotInt32 for an argument that is not an int32: the facade, which knows the
  // argument's name, makes the TypeError, so a good call is checked once, here.
  static MemkitAddon* HotArgs(napi_env env, napi_callback_info info, size_t count,
                              int32_t* args, memkit::Status* status) {
    napi_value argv[4];
    size_t argc = 4;
    void* data = nullptr;
    if (napi_get_cb_info(env, info, &argc, argv, nullptr, &data) != napi_ok) return nullptr;
    MemkitAddon* addon = static_cast<MemkitAddon*>(data);
    if (addon == nullptr || addon->scratch_ == nullptr) return nullptr;
    *status = memkit::kOk;
    for (size_t i = 0; i < count; ++i) {
      double value;
      if (i >= argc || napi_get_value_double(env, argv[i], &value) != napi_ok ||
          !(value >= -2147483648.0 && value <= 2147483647.0) || value != std::trunc(value)) {
        *status = memkit::kNotInt32;
        break;
      }
      args[i] = static_cast<int32_t>(value);
    }
    return addon;
  }

  static napi_value Status(napi_env env, memkit::Status status) {
    napi_value result;
    return napi_create_int32(env, status, &result) == napi_ok ? result : nullptr;
  }

  // The hot calls return undefined on success and a status otherwise: making a number after
  // the system call costs 20-50 ns on a kernel that flushes the TLB at each one.
  static napi_value Outcome(napi_env env, memkit::Status status) {
    return status == memkit::kOk ? nullptr : Status(env, status);
  }

  // Where undefined means success, a call that cannot run must not return it. The throw fails
  // quietly (no abort) when the environment is going away; then no JavaScript sees the result.
  static napi_value Unavailable(napi_env env) {
    napi_throw_error(env, "ERR_MEMKIT_UNAVAILABLE",
                     "memkit's addon is not loaded in this environment");
    return nullptr;
  }

  // getrusage(who) -> undefined, or a status; scratch[0..15] = struct_rusage
  static napi_value Getrusage(napi_env env, napi_callback_info info) {
    int32_t who;
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 1, &who, &status);
    if (addon == nullptr) return Unavailable(env);
    if (status != memkit::kOk) return Status(env, status);
    return Outcome(env, memkit::GetRusage(who, addon->scratch_));
  }

  // getrlimit(resource, out: Float64Array(2)) -> status
  Napi::Value Getrlimit(const Napi::CallbackInfo& info) {
    if (!CheckInt32Args(info, 1)) return Napi::Value();
    double* out = Float64Out(info, 1, 2);
    if (out == nullptr) return Napi::Value();
    memkit::Limits limits{0, 0};
    memkit::Status status = memkit::GetRlimit(info[0].As<Napi::Number>().Int32Value(), &limits);
    if (status == memkit::kOk) WriteLimits(out, limits);
    return Napi::Number::New(info.Env(), status);
  }

  // setrlimit(resource, soft, hard) -> status
  Napi::Value Setrlimit(const Napi::CallbackInfo& info) {
    if (!CheckInt32Args(info, 1)) return Napi::Value();
    if (!IsLimit(info[1]) || !IsLimit(info[2])) {
      Napi::TypeError::New(info.Env(), "limits must be non-negative integers or Infinity")
          .ThrowAsJavaScriptException();
      return Napi::Value();
    }
    memkit::Limits limits{info[1].As<Napi::Number>().DoubleValue(),
                          info[2].As<Napi::Number>().DoubleValue()};
    return Napi::Number::New(info.Env(),
                             memkit::SetRlimit(info[0].As<Napi::Number>().Int32Value(), limits));
  }

  // prlimit(pid, resource, out: Float64Array(2), soft?, hard?) -> status; out gets the old limits
  Napi::Value Prlimit(const Napi::CallbackInfo& info) {
    if (!CheckInt32Args(info, 2)) return Napi::Value();
    double* out = Float64Out(info, 2, 2);
    if (out == nullptr) return Napi::Value();
    bool setting = !info[3].IsUndefined();
    if (setting && (!IsLimit(info[3]) || !IsLimit(info[4]))) {
      Napi::TypeError::New(info.Env(), "limits must be non-negative integers or Infinity")
          .ThrowAsJavaScriptException();
      return Napi::Value();
    }
    memkit::Limits requested{0, 0};
    if (setting) {
      requested = {info[3].As<Napi::Number>().DoubleValue(),
                   info[4].As<Napi::Number>().DoubleValue()};
    }
    memkit::Limits previous{0, 0};
    memkit::Status status =
        memkit::Prlimit(info[0].As<Napi::Number>().Int32Value(),
                        info[1].As<Napi::Number>().Int32Value(), setting ? &requested : nullptr,
                        &previous);
    if (status == memkit::kOk) WriteLimits(out, previous);
    return Napi::Number::New(info.Env(), status);
  }

  // ---- psutil ----

  // memoryInfo(pid) -> undefined, or a status; scratch = pmem in PmemFields() order
  static napi_value MemoryInfo(napi_env env, napi_callback_info info) {
    int32_t pid;
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid, &status);
    if (addon == nullptr) return Unavailable(env);
    if (status != memkit::kOk) return Status(env, status);
    return Outcome(env, memkit::MemoryInfo(pid, addon->scratch_));
  }

  // memoryFullInfo(pid) -> undefined, or a status; scratch = pfullmem in PfullmemFields() order
  static napi_value MemoryFullInfo(napi_env env, napi_callback_info info) {
    int32_t pid;
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid, &status);
    if (addon == nullptr) return Unavailable(env);
    if (status != memkit::kOk) return Status(env, status);
    return Outcome(env, memkit::MemoryFullInfo(pid, addon->scratch_));
  }

  // virtualMemory() -> undefined, or a status; scratch = svmem in SvmemFields() order
  static napi_value VirtualMemory(napi_env env, napi_callback_info info) {
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 0, nullptr, &status);
    if (addon == nullptr) return Unavailable(env);
    return Outcome(env, memkit::VirtualMemory(addon->scratch_));
  }

  // swapMemory() -> undefined, or a status; scratch = total, used, free, percent, sin, sout
  static napi_value SwapMemory(napi_env env, napi_callback_info info) {
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 0, nullptr, &status);
    if (addon == nullptr) return Unavailable(env);
    return Outcome(env, memkit::SwapMemory(addon->scratch_));
  }

  // readProcess(pid) -> the kernel's name (a string), or a status (a number) on failure;
  // scratch = ppid, state, create_time, cpu_times[5], ctx_switches[2], uids[3], identity,
  // counters_status
  static napi_value ReadProcess(napi_env env, napi_callback_info info) {
    int32_t pid;
    memkit::Status status;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid, &status);
    if (addon == nullptr) return nullptr;
    if (status != memkit::kOk) return Status(env, status);
    memkit::ProcessRecord record;
    status = memkit::ReadProcess(pid, &record);
    if (status != memkit::kOk) return Status(env, status);
    double* out = addon->scratch_;
    out[0] = record.ppid;
    out[1] = static_cast<double>(record.state);
    out[2] = record.create_time;
    std::copy(record.cpu_times, record.cpu_times + 5, out + 3);
    std::copy(record.ctx_switches, record.ctx_switches + 2, out + 8);
    std::copy(record.uids, record.uids + 3, out + 10);
    out[13] = record.identity;
    out[14] = record.counters_status;
    napi_value name;
    if (napi_create_string_utf8(env, record.name, NAPI_AUTO_LENGTH, &name) != napi_ok) {
      return nullptr;
    }
    return name;
  }

  // extendName(pid, name) -> psutil's name() for the kernel's `name`, or a status
  Napi::Value ExtendName(const Napi::CallbackInfo& info) {
    if (!CheckInt32Args(info, 1)) return Napi::Value();
    if (!info[1].IsString()) {
      Napi::TypeError::New(info.Env(), "name must be a string").ThrowAsJavaScriptException();
      return Napi::Value();
    }
    char name[memkit::kNameMax];
    size_t length = 0;
    if (napi_get_value_string_utf8(info.Env(), info[1], name, sizeof name, &length) != napi_ok) {
      return Napi::Value();
    }
    memkit::Status status = memkit::ExtendName(info[0].As<Napi::Number>().Int32Value(), name);
    if (status != memkit::kOk) return Napi::Number::New(info.Env(), status);
    return Napi::String::New(info.Env(), name);
  }

  // pids() -> Int32Array, or a status
  Napi::Value Pids(const Napi::CallbackInfo& info) {
    std::vector<int> pids;
    memkit::Status status = memkit::ListPids(&pids);
    if (status != memkit::kOk) return Napi::Number::New(info.Env(), status);
    return TypedArrayOf<Napi::Int32Array>(info.Env(), pids);
  }

  // parents() -> Int32Array of (pid, ppid) pairs, or a status
  Napi::Value Parents(const Napi::CallbackInfo& info) {
    std::vector<std::pair<int, int>> pairs;
    memkit::Status status = memkit::ListParents(&pairs);
    if (status != memkit::kOk) return Napi::Number::New(info.Env(), status);
    Napi::Int32Array out = Napi::Int32Array::New(info.Env(), pairs.size() * 2);
    if (out.IsEmpty()) return Napi::Value();
    for (size_t i = 0; i < pairs.size(); ++i) {
      out[2 * i] = pairs[i].first;
      out[2 * i + 1] = pairs[i].second;
    }
    return out;
  }

  // memoryInfoMany(pids: Int32Array) -> {values: Float64Array(n * maxFields), statuses}
  Napi::Value MemoryInfoMany(const Napi::CallbackInfo& info) {
    Napi::Int32Array pids;
    if (!Int32ArrayArg(info, &pids)) return Napi::Value();
    size_t count = pids.ElementLength();
    Napi::Float64Array values = Napi::Float64Array::New(info.Env(), count * memkit::kMaxFields);
    Napi::Int32Array statuses = Napi::Int32Array::New(info.Env(), count);
    if (values.IsEmpty() || statuses.IsEmpty()) return Napi::Value();
    ::MemoryInfoMany(pids.Data(), count, values.Data(), statuses.Data());
    return ManyResult(info.Env(), values, statuses);
  }

  // memoryInfoManyAsync(pids: Int32Array) -> Promise of memoryInfoMany's result
  Napi::Value MemoryInfoManyAsync(const Napi::CallbackInfo& info) {
    Napi::Int32Array pids;
    if (!Int32ArrayArg(info, &pids)) return Napi::Value();
    napi_value promise = MemoryInfoManyWork::Queue(info.Env(), pids.Data(), pids.ElementLength());
    return promise == nullptr ? Napi::Value() : Napi::Value(info.Env(), promise);
  }

  double* scratch_ = nullptr;
  Napi::Reference<Napi::Float64Array> scratch_ref_;
};

}  // namespace

NODE_API_ADDON(MemkitAddon)
