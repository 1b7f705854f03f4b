// memkit's native core as plain C++: no N-API here. binding.cc is the only caller.
// Functions return a Status: 0 on success, a positive errno from the failing system call,
// or one of the negative memkit codes below.
#ifndef MEMKIT_H_
#define MEMKIT_H_

#include <cstddef>

namespace memkit {

using Status = int;
constexpr Status kOk = 0;
constexpr Status kInvalidResource = -1;  // resource outside 0..RLIM_NLIMITS-1
constexpr Status kUnsupported = -2;      // not available on this platform

// struct_rusage in Python's field order; times in float seconds, the rest as the OS reports.
constexpr int kRusageFields = 16;
Status GetRusage(int who, double out[kRusageFields]);

// Limits travel as doubles: RLIM_INFINITY <-> +Infinity.
struct Limits {
  double soft;
  double hard;
};
Status GetRlimit(int resource, Limits* out);
Status SetRlimit(int resource, const Limits& limits);
// Linux prlimit(2): new_limits may be null (read only); old receives the previous limits.
Status Prlimit(int pid, int resource, const Limits* new_limits, Limits* old);
bool HasPrlimit();

long PageSize();

// RLIMIT_* / RUSAGE_* values from this platform's headers.
struct NamedConstant {
  const char* name;
  long value;
};
const NamedConstant* ResourceConstants(std::size_t* count);

}  // namespace memkit

#endif  // MEMKIT_H_
