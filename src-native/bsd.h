// sysctl(3) helpers and psutil's time conversion, shared by the BSD-derived platforms
// (freebsd.cc, darwin.cc). Header-only: templates and one inline function.
#ifndef MEMKIT_BSD_H_
#define MEMKIT_BSD_H_

#include <sys/types.h>
#include <sys/sysctl.h>
#include <sys/time.h>

#include <cerrno>
#include <cstddef>
#include <vector>

#include "memkit.h"

namespace memkit {
namespace bsd {

// psutil's PSUTIL_TV2DOUBLE, the same expression so values compare equal.
inline double Seconds(const struct timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1000000.0;
}

// psutil_sysctl() / psutil_sysctlbyname(): the value must fill `value` exactly.
template <typename T>
Status Sysctl(int* mib, u_int length, T* value) {
  size_t size = sizeof(T);
  if (sysctl(mib, length, value, &size, nullptr, 0) == -1) return errno;
  return size == sizeof(T) ? kOk : EIO;
}

template <typename T>
Status SysctlByName(const char* name, T* value) {
  size_t size = sizeof(T);
  if (sysctlbyname(name, value, &size, nullptr, 0) == -1) return errno;
  return size == sizeof(T) ? kOk : EIO;
}

// psutil_sysctl_malloc(): a variable-length sysctl into *out (resized to whole elements);
// *bytes receives the length the kernel returned. Retries while the data keeps growing.
template <typename T>
Status SysctlArray(int* mib, u_int length, std::vector<T>* out, size_t* bytes) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    size_t size = 0;
    if (sysctl(mib, length, nullptr, &size, nullptr, 0) == -1) return errno;
    size += size / 8;  // room for what appears between the two calls
    out->resize(size / sizeof(T) + 1);
    size = out->size() * sizeof(T);
    if (sysctl(mib, length, out->data(), &size, nullptr, 0) == 0) {
      *bytes = size;
      return kOk;
    }
    if (errno != ENOMEM) return errno;
  }
  return ENOMEM;
}

}  // namespace bsd
}  // namespace memkit

#endif  // MEMKIT_BSD_H_
