// The N-API surface: argument checks, typed-array plumbing, module exports.
// Calls return memkit::Status (0, errno, or a negative memkit code); the TypeScript facade turns
// a status into the Python-style or Node-style error, so hot paths never build errors here.
// Hot calls write into `scratch`, a Float64Array owned by each addon instance (one per Node
// environment, so worker threads never share it), and the facade reads it back.
#include <napi.h>

#include <cmath>

#include "memkit.h"

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

class MemkitAddon : public Napi::Addon<MemkitAddon> {
 public:
  MemkitAddon(Napi::Env env, Napi::Object exports) {
    Napi::Float64Array scratch = Napi::Float64Array::New(env, kScratchLength);
    scratch_ = scratch.Data();
    scratch_ref_ = Napi::Persistent(scratch);
    exports.Set("scratch", scratch);
    DefineHot(env, exports, "getrusage", &MemkitAddon::Getrusage);
    DefineAddon(exports, {
                             InstanceMethod("getrlimit", &MemkitAddon::Getrlimit),
                             InstanceMethod("setrlimit", &MemkitAddon::Setrlimit),
                             InstanceMethod("prlimit", &MemkitAddon::Prlimit),
                         });
    exports.Set("pageSize", Napi::Number::New(env, static_cast<double>(memkit::PageSize())));
    exports.Set("hasPrlimit", Napi::Boolean::New(env, memkit::HasPrlimit()));
    Napi::Object status = Napi::Object::New(env);
    status.Set("invalidResource", Napi::Number::New(env, memkit::kInvalidResource));
    status.Set("unsupported", Napi::Number::New(env, memkit::kUnsupported));
    exports.Set("status", status);
    std::size_t count = 0;
    const memkit::NamedConstant* constants = memkit::ResourceConstants(&count);
    Napi::Object resource = Napi::Object::New(env);
    for (std::size_t i = 0; i < count; ++i) {
      resource.Set(constants[i].name, Napi::Number::New(env, static_cast<double>(constants[i].value)));
    }
    exports.Set("resourceConstants", resource);
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

  double* scratch_;
  Napi::Reference<Napi::Float64Array> scratch_ref_;
};

}  // namespace

NODE_API_ADDON(MemkitAddon)
