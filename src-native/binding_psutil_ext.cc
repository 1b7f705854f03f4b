// The N-API surface of psutil_ext.h: memoryMaps and peekExit. Every value made is checked for
// emptiness (in an environment that is going away a failure leaves no pending exception, see
// binding.cc); on failure the function returns an empty value.
#include <napi.h>

#include <cmath>
#include <string>
#include <unordered_map>
#include <vector>

#include "psutil_ext.h"

namespace {

// The int32 pid in info[0], or false after throwing a TypeError.
bool PidArg(const Napi::CallbackInfo& info, int* pid) {
  Napi::Env env = info.Env();
  if (info.Length() >= 1 && info[0].IsNumber()) {
    double value = info[0].As<Napi::Number>().DoubleValue();
    if (!env.IsExceptionPending() && value >= 0 && value <= 2147483647.0 &&
        value == std::trunc(value)) {
      *pid = static_cast<int>(value);
      return true;
    }
  }
  if (!env.IsExceptionPending()) {
    Napi::TypeError::New(env, "pid must be an int32 >= 0").ThrowAsJavaScriptException();
  }
  return false;
}

Napi::Value StatusValue(Napi::Env env, memkit::Status status) {
  return Napi::Number::New(env, status);
}

// peekExit(pid) -> {code} once our child has ended, null while it runs, else a status.
Napi::Value PeekExit(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int pid;
  if (!PidArg(info, &pid)) return Napi::Value();
  bool exited = false;
  int code = 0;
  memkit::Status status = memkit::PeekExit(pid, &exited, &code);
  if (status != memkit::kOk) return StatusValue(env, status);
  if (!exited) return env.Null();
  Napi::Object result = Napi::Object::New(env);
  Napi::Number value = Napi::Number::New(env, code);
  if (result.IsEmpty() || value.IsEmpty() || !result.Set("code", value)) return Napi::Value();
  return result;
}

// memoryMaps(pid) -> {text: [addr, perms, path, ...], values: Float64Array}, or a status.
Napi::Value MemoryMaps(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int pid;
  if (!PidArg(info, &pid)) return Napi::Value();
  std::vector<memkit::MapRegion> regions;
  memkit::Status status = memkit::MemoryMaps(pid, &regions);
  if (status != memkit::kOk) return StatusValue(env, status);
  const size_t stride = static_cast<size_t>(memkit::PmmapFields().count);
  Napi::Array text = Napi::Array::New(env, regions.size() * 3);
  Napi::Float64Array values = Napi::Float64Array::New(env, regions.size() * stride);
  if (text.IsEmpty() || values.IsEmpty()) return Napi::Value();
  double* out = values.Data();
  // Most mappings share their perms and path with others: one JavaScript string for each.
  std::unordered_map<std::string, Napi::Value> shared;
  auto intern = [&](const std::string& s) -> Napi::Value {
    auto found = shared.find(s);
    if (found != shared.end()) return found->second;
    Napi::Value value = Napi::String::New(env, s);
    if (value.IsEmpty()) return Napi::Value();
    shared.emplace(s, value);
    return value;
  };
  for (size_t i = 0; i < regions.size(); ++i) {
    const memkit::MapRegion& region = regions[i];
    Napi::Value strings[] = {Napi::String::New(env, region.addr), intern(region.perms),
                             intern(region.path)};
    for (size_t j = 0; j < 3; ++j) {
      if (strings[j].IsEmpty() ||
          !text.Set(static_cast<uint32_t>(3 * i + j), strings[j])) {
        return Napi::Value();
      }
    }
    for (size_t j = 0; j < stride; ++j) out[i * stride + j] = region.values[j];
  }
  Napi::Object result = Napi::Object::New(env);
  if (result.IsEmpty() || !result.Set("text", text) || !result.Set("values", values)) {
    return Napi::Value();
  }
  return result;
}

bool ExportFieldNames(Napi::Env env, Napi::Object exports) {
  memkit::FieldNames fields = memkit::PmmapFields();
  Napi::Array names = Napi::Array::New(env, static_cast<size_t>(fields.count));
  if (names.IsEmpty()) return false;
  for (int i = 0; i < fields.count; ++i) {
    Napi::String name = Napi::String::New(env, fields.names[i]);
    if (name.IsEmpty() || !names.Set(static_cast<uint32_t>(i), name)) return false;
  }
  return exports.Set("pmmapFields", names);
}

template <Napi::Function::Callback callback>
bool ExportFunction(Napi::Env env, Napi::Object exports, const char* name) {
  Napi::Function fn = Napi::Function::New<callback>(env, name);
  return !fn.IsEmpty() && exports.Set(name, fn);
}

}  // namespace

// Called once from the addon's Init; leaves any failure pending for the loader to throw.
void RegisterPsutilExt(Napi::Env env, Napi::Object exports) {
  if (!ExportFunction<PeekExit>(env, exports, "peekExit")) return;
  if (!ExportFunction<MemoryMaps>(env, exports, "memoryMaps")) return;
  ExportFieldNames(env, exports);
}
