// The N-API surface: argument checks, typed-array plumbing, module exports.
// Calls return memkit::Status (0, errno, or a negative memkit code); the TypeScript facade turns
// a status into the Python-style or Node-style error, so hot paths never build errors here.
// Hot calls write into `scratch`, a Float64Array owned by each addon instance (one per Node
// environment, so worker threads never share it), and the facade reads it back.
#include <napi.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
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

Napi::Array FieldNameArray(Napi::Env env, memkit::FieldNames fields) {
  Napi::Array names = Napi::Array::New(env, fields.count);
  for (int i = 0; i < fields.count; ++i) names.Set(i, fields.names[i]);
  return names;
}

// Memory of many pids: values[i * kMaxFields ...] and statuses[i] for pids[i]; one failing pid
// does not stop the others.
void MemoryInfoMany(const int32_t* pids, size_t count, double* values, int32_t* statuses) {
  for (size_t i = 0; i < count; ++i) {
    statuses[i] = memkit::MemoryInfo(pids[i], values + i * memkit::kMaxFields);
  }
}

Napi::Object ManyResult(Napi::Env env, const std::vector<double>& values,
                        const std::vector<int32_t>& statuses) {
  Napi::Float64Array js_values = Napi::Float64Array::New(env, values.size());
  std::copy(values.begin(), values.end(), js_values.Data());
  Napi::Int32Array js_statuses = Napi::Int32Array::New(env, statuses.size());
  std::copy(statuses.begin(), statuses.end(), js_statuses.Data());
  Napi::Object result = Napi::Object::New(env);
  result.Set("values", js_values);
  result.Set("statuses", js_statuses);
  return result;
}

// memoryInfoMany off the main thread: the pids are copied in, the results copied out.
class MemoryInfoManyWorker : public Napi::AsyncWorker {
 public:
  MemoryInfoManyWorker(Napi::Env env, const int32_t* pids, size_t count)
      : Napi::AsyncWorker(env, "memkit.memoryInfoManyAsync"),
        deferred_(Napi::Promise::Deferred::New(env)),
        pids_(pids, pids + count),
        values_(count * memkit::kMaxFields),
        statuses_(count) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    MemoryInfoMany(pids_.data(), pids_.size(), values_.data(), statuses_.data());
  }

  void OnOK() override { deferred_.Resolve(ManyResult(Env(), values_, statuses_)); }

 private:
  Napi::Promise::Deferred deferred_;
  std::vector<int32_t> pids_;
  std::vector<double> values_;
  std::vector<int32_t> statuses_;
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
    sampler_ = std::make_unique<memkit::Sampler>(info[0].As<Napi::Number>().Int32Value(),
                                                 interval, full, field, max);
  }

 private:
  Napi::Value Drain(const Napi::CallbackInfo& info) {
    std::vector<double> samples;
    memkit::Status status = sampler_ ? sampler_->Drain(&samples) : memkit::kSamplerDone;
    Napi::Float64Array array = Napi::Float64Array::New(info.Env(), samples.size());
    std::copy(samples.begin(), samples.end(), array.Data());
    Napi::Object result = Napi::Object::New(info.Env());
    result.Set("status", Napi::Number::New(info.Env(), status));
    result.Set("samples", array);
    return result;
  }

  // Joins the thread; samples not drained yet are dropped.
  void Stop(const Napi::CallbackInfo&) { sampler_.reset(); }

  std::unique_ptr<memkit::Sampler> sampler_;
};

class MemkitAddon : public Napi::Addon<MemkitAddon> {
 public:
  MemkitAddon(Napi::Env env, Napi::Object exports) {
    Napi::Float64Array scratch = Napi::Float64Array::New(env, kScratchLength);
    scratch_ = scratch.Data();
    scratch_ref_ = Napi::Persistent(scratch);
    exports.Set("scratch", scratch);
    DefineHot(env, exports, "getrusage", &MemkitAddon::Getrusage);
    DefineHot(env, exports, "memoryInfo", &MemkitAddon::MemoryInfo);
    DefineHot(env, exports, "memoryFullInfo", &MemkitAddon::MemoryFullInfo);
    DefineHot(env, exports, "virtualMemory", &MemkitAddon::VirtualMemory);
    DefineHot(env, exports, "swapMemory", &MemkitAddon::SwapMemory);
    DefineHot(env, exports, "readProcess", &MemkitAddon::ReadProcess);
    DefineAddon(exports, {
                             InstanceMethod("getrlimit", &MemkitAddon::Getrlimit),
                             InstanceMethod("setrlimit", &MemkitAddon::Setrlimit),
                             InstanceMethod("prlimit", &MemkitAddon::Prlimit),
                             InstanceMethod("pids", &MemkitAddon::Pids),
                             InstanceMethod("parents", &MemkitAddon::Parents),
                             InstanceMethod("memoryInfoMany", &MemkitAddon::MemoryInfoMany),
                             InstanceMethod("memoryInfoManyAsync",
                                            &MemkitAddon::MemoryInfoManyAsync),
                         });
    exports.Set("Sampler", SamplerWrap::Define(env));
    exports.Set("pmemFields", FieldNameArray(env, memkit::PmemFields()));
    exports.Set("pfullmemFields", FieldNameArray(env, memkit::PfullmemFields()));
    exports.Set("svmemFields", FieldNameArray(env, memkit::SvmemFields()));
    exports.Set("maxFields", Napi::Number::New(env, memkit::kMaxFields));
    exports.Set("pageSize", Napi::Number::New(env, static_cast<double>(memkit::PageSize())));
    exports.Set("hasPrlimit", Napi::Boolean::New(env, memkit::HasPrlimit()));
    Napi::Object status = Napi::Object::New(env);
    status.Set("invalidResource", Napi::Number::New(env, memkit::kInvalidResource));
    status.Set("unsupported", Napi::Number::New(env, memkit::kUnsupported));
    status.Set("zombieProcess", Napi::Number::New(env, memkit::kZombieProcess));
    status.Set("samplerDone", Napi::Number::New(env, memkit::kSamplerDone));
    exports.Set("status", status);
    std::size_t count = 0;
    const memkit::NamedConstant* constants = memkit::ResourceConstants(&count);
    Napi::Object resource = Napi::Object::New(env);
    for (std::size_t i = 0; i < count; ++i) {
      resource.Set(constants[i].name, Napi::Number::New(env, static_cast<double>(constants[i].value)));
    }
    exports.Set("resourceConstants", resource);
    RegisterPsutilExt(env, exports);
  }

 private:
  // Hot calls skip node-addon-api's CallbackInfo wrapper, which costs more than the system call
  // (see bench/). They take int32 arguments, fill scratch_ and return a status.
  using HotCallback = napi_value (*)(napi_env, napi_callback_info);

  void DefineHot(Napi::Env env, Napi::Object exports, const char* name, HotCallback cb) {
    napi_value fn;
    NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, name, NAPI_AUTO_LENGTH, cb, this, &fn));
    exports.Set(name, Napi::Value(env, fn));
  }

  // Reads `count` int32 arguments with one N-API call each; on a non-int32 throws a TypeError
  // and returns null, else returns the addon instance the function was created for.
  static MemkitAddon* HotArgs(napi_env env, napi_callback_info info, size_t count,
                              int32_t* args) {
    napi_value argv[4];
    size_t argc = 4;
    void* addon = nullptr;
    napi_get_cb_info(env, info, &argc, argv, nullptr, &addon);
    for (size_t i = 0; i < count; ++i) {
      double value;
      if (i >= argc || napi_get_value_double(env, argv[i], &value) != napi_ok ||
          !(value >= -2147483648.0 && value <= 2147483647.0) || value != std::trunc(value)) {
        napi_throw_type_error(env, nullptr,
                              ("argument " + std::to_string(i) + " must be an int32").c_str());
        return nullptr;
      }
      args[i] = static_cast<int32_t>(value);
    }
    return static_cast<MemkitAddon*>(addon);
  }

  static napi_value Status(napi_env env, memkit::Status status) {
    napi_value result;
    napi_create_int32(env, status, &result);
    return result;
  }

  // getrusage(who) -> status; scratch[0..15] = struct_rusage
  static napi_value Getrusage(napi_env env, napi_callback_info info) {
    int32_t who;
    MemkitAddon* addon = HotArgs(env, info, 1, &who);
    if (addon == nullptr) return nullptr;
    return Status(env, memkit::GetRusage(who, addon->scratch_));
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

  // memoryInfo(pid) -> status; scratch = pmem in PmemFields() order
  static napi_value MemoryInfo(napi_env env, napi_callback_info info) {
    int32_t pid;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid);
    if (addon == nullptr) return nullptr;
    return Status(env, memkit::MemoryInfo(pid, addon->scratch_));
  }

  // memoryFullInfo(pid) -> status; scratch = pfullmem in PfullmemFields() order
  static napi_value MemoryFullInfo(napi_env env, napi_callback_info info) {
    int32_t pid;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid);
    if (addon == nullptr) return nullptr;
    return Status(env, memkit::MemoryFullInfo(pid, addon->scratch_));
  }

  // virtualMemory() -> status; scratch = svmem in SvmemFields() order
  static napi_value VirtualMemory(napi_env env, napi_callback_info info) {
    MemkitAddon* addon = HotArgs(env, info, 0, nullptr);
    if (addon == nullptr) return nullptr;
    return Status(env, memkit::VirtualMemory(addon->scratch_));
  }

  // swapMemory() -> status; scratch = total, used, free, percent, sin, sout
  static napi_value SwapMemory(napi_env env, napi_callback_info info) {
    MemkitAddon* addon = HotArgs(env, info, 0, nullptr);
    if (addon == nullptr) return nullptr;
    return Status(env, memkit::SwapMemory(addon->scratch_));
  }

  // readProcess(pid) -> the name (a string), or a status (a number) on failure;
  // scratch = ppid, state, create_time, cpu_times[5], ctx_switches[2], uids[3]
  static napi_value ReadProcess(napi_env env, napi_callback_info info) {
    int32_t pid;
    MemkitAddon* addon = HotArgs(env, info, 1, &pid);
    if (addon == nullptr) return nullptr;
    memkit::ProcessRecord record;
    memkit::Status status = memkit::ReadProcess(pid, &record);
    if (status != memkit::kOk) return Status(env, status);
    double* out = addon->scratch_;
    out[0] = record.ppid;
    out[1] = static_cast<double>(record.state);
    out[2] = record.create_time;
    std::copy(record.cpu_times, record.cpu_times + 5, out + 3);
    std::copy(record.ctx_switches, record.ctx_switches + 2, out + 8);
    std::copy(record.uids, record.uids + 3, out + 10);
    napi_value name;
    napi_create_string_utf8(env, record.name, NAPI_AUTO_LENGTH, &name);
    return name;
  }

  // pids() -> Int32Array, or a status
  Napi::Value Pids(const Napi::CallbackInfo& info) {
    std::vector<int> pids;
    memkit::Status status = memkit::ListPids(&pids);
    if (status != memkit::kOk) return Napi::Number::New(info.Env(), status);
    Napi::Int32Array out = Napi::Int32Array::New(info.Env(), pids.size());
    std::copy(pids.begin(), pids.end(), out.Data());
    return out;
  }

  // parents() -> Int32Array of (pid, ppid) pairs, or a status
  Napi::Value Parents(const Napi::CallbackInfo& info) {
    std::vector<std::pair<int, int>> pairs;
    memkit::Status status = memkit::ListParents(&pairs);
    if (status != memkit::kOk) return Napi::Number::New(info.Env(), status);
    Napi::Int32Array out = Napi::Int32Array::New(info.Env(), pairs.size() * 2);
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
    ::MemoryInfoMany(pids.Data(), count, values.Data(), statuses.Data());
    Napi::Object result = Napi::Object::New(info.Env());
    result.Set("values", values);
    result.Set("statuses", statuses);
    return result;
  }

  // memoryInfoManyAsync(pids: Int32Array) -> Promise of memoryInfoMany's result
  Napi::Value MemoryInfoManyAsync(const Napi::CallbackInfo& info) {
    Napi::Int32Array pids;
    if (!Int32ArrayArg(info, &pids)) return Napi::Value();
    auto* worker = new MemoryInfoManyWorker(info.Env(), pids.Data(), pids.ElementLength());
    Napi::Promise promise = worker->Promise();
    worker->Queue();
    return promise;
  }

  double* scratch_;
  Napi::Reference<Napi::Float64Array> scratch_ref_;
};

}  // namespace

NODE_API_ADDON(MemkitAddon)
