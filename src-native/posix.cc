// getrusage(2), getrlimit/setrlimit(2), prlimit(2) and the page size, for every POSIX target.
#include "memkit.h"

#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace memkit {
namespace {

// CPython's doubletime(): the same expression, so values print identically.
double Seconds(const struct timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 0.000001;
}

double FromRlim(rlim_t value) {
  if (value == RLIM_INFINITY) return std::numeric_limits<double>::infinity();
  return static_cast<double>(value);
}

// 2**64 where rlim_t is unsigned 64-bit (Linux, macOS), 2**63 where it is int64_t (FreeBSD):
// the first double that no longer fits. Converting one at or above it is undefined behaviour
// (seen: 1e300 became 0, every limit then EMFILE).
double RlimEnd() {
  return std::ldexp(1.0, std::numeric_limits<rlim_t>::digits);
}

// False for a finite value rlim_t cannot hold (the caller reports kOutOfRange).
bool ToRlim(double value, rlim_t* out) {
  if (std::isinf(value)) {
    *out = RLIM_INFINITY;
    return true;
  }
  if (!(value >= 0 && value < RlimEnd())) return false;
  *out = static_cast<rlim_t>(value);
  return true;
}

// RLIM_NLIMITS is the count of the headers the binary was built with; the running kernel may
// know fewer (a FreeBSD 14 build on 13.1: resource 15). Its getrlimit(2) says EINVAL for those,
// which is CPython's "invalid resource specified".
bool ValidResource(int resource) { return resource >= 0 && resource < RLIM_NLIMITS; }

Status RlimitErrno(int err) { return err == EINVAL ? kInvalidResource : err; }

#define MEMKIT_CONSTANT(name) {#name, static_cast<long>(name)}
const NamedConstant kResourceConstants[] = {
    MEMKIT_CONSTANT(RUSAGE_SELF),
    MEMKIT_CONSTANT(RUSAGE_CHILDREN),
#ifdef RUSAGE_THREAD
    MEMKIT_CONSTANT(RUSAGE_THREAD),
#endif
#ifdef RUSAGE_BOTH
    MEMKIT_CONSTANT(RUSAGE_BOTH),
#endif
    MEMKIT_CONSTANT(RLIMIT_CPU),
    MEMKIT_CONSTANT(RLIMIT_FSIZE),
    MEMKIT_CONSTANT(RLIMIT_DATA),
    MEMKIT_CONSTANT(RLIMIT_STACK),
    MEMKIT_CONSTANT(RLIMIT_CORE),
    MEMKIT_CONSTANT(RLIMIT_NOFILE),
#ifdef RLIMIT_OFILE
    MEMKIT_CONSTANT(RLIMIT_OFILE),
#endif
#ifdef RLIMIT_AS
    MEMKIT_CONSTANT(RLIMIT_AS),
#endif
#ifdef RLIMIT_VMEM
    MEMKIT_CONSTANT(RLIMIT_VMEM),
#endif
#ifdef RLIMIT_RSS
    MEMKIT_CONSTANT(RLIMIT_RSS),
#endif
#ifdef RLIMIT_NPROC
    MEMKIT_CONSTANT(RLIMIT_NPROC),
#endif
#ifdef RLIMIT_MEMLOCK
    MEMKIT_CONSTANT(RLIMIT_MEMLOCK),
#endif
#ifdef RLIMIT_LOCKS
    MEMKIT_CONSTANT(RLIMIT_LOCKS),
#endif
#ifdef RLIMIT_SIGPENDING
    MEMKIT_CONSTANT(RLIMIT_SIGPENDING),
#endif
#ifdef RLIMIT_MSGQUEUE
    MEMKIT_CONSTANT(RLIMIT_MSGQUEUE),
#endif
#ifdef RLIMIT_NICE
    MEMKIT_CONSTANT(RLIMIT_NICE),
#endif
#ifdef RLIMIT_RTPRIO
    MEMKIT_CONSTANT(RLIMIT_RTPRIO),
#endif
#ifdef RLIMIT_RTTIME
    MEMKIT_CONSTANT(RLIMIT_RTTIME),
#endif
#ifdef RLIMIT_SBSIZE
    MEMKIT_CONSTANT(RLIMIT_SBSIZE),
#endif
#ifdef RLIMIT_SWAP
    MEMKIT_CONSTANT(RLIMIT_SWAP),
#endif
#ifdef RLIMIT_NPTS
    MEMKIT_CONSTANT(RLIMIT_NPTS),
#endif
#ifdef RLIMIT_KQUEUES
    MEMKIT_CONSTANT(RLIMIT_KQUEUES),
#endif
#ifdef RLIMIT_UMTXP
    MEMKIT_CONSTANT(RLIMIT_UMTXP),
#endif
#ifdef RLIMIT_PIPEBUF
    MEMKIT_CONSTANT(RLIMIT_PIPEBUF),
#endif
};
#undef MEMKIT_CONSTANT

}  // namespace

Status GetRusage(int who, double out[kRusageFields]) {
  struct rusage ru;
  if (getrusage(who, &ru) != 0) return errno;
  out[0] = Seconds(ru.ru_utime);
  out[1] = Seconds(ru.ru_stime);
  out[2] = static_cast<double>(ru.ru_maxrss);
  out[3] = static_cast<double>(ru.ru_ixrss);
  out[4] = static_cast<double>(ru.ru_idrss);
  out[5] = static_cast<double>(ru.ru_isrss);
  out[6] = static_cast<double>(ru.ru_minflt);
  out[7] = static_cast<double>(ru.ru_majflt);
  out[8] = static_cast<double>(ru.ru_nswap);
  out[9] = static_cast<double>(ru.ru_inblock);
  out[10] = static_cast<double>(ru.ru_oublock);
  out[11] = static_cast<double>(ru.ru_msgsnd);
  out[12] = static_cast<double>(ru.ru_msgrcv);
  out[13] = static_cast<double>(ru.ru_nsignals);
  out[14] = static_cast<double>(ru.ru_nvcsw);
  out[15] = static_cast<double>(ru.ru_nivcsw);
  return kOk;
}

double RlimMax() { return std::nextafter(RlimEnd(), 0.0); }

Status GetRlimit(int resource, Limits* out) {
  if (!ValidResource(resource)) return kInvalidResource;
  struct rlimit rl;
  if (getrlimit(resource, &rl) != 0) return RlimitErrno(errno);
  out->soft = FromRlim(rl.rlim_cur);
  out->hard = FromRlim(rl.rlim_max);
  return kOk;
}

Status SetRlimit(int resource, const Limits& limits) {
  if (!ValidResource(resource)) return kInvalidResource;
  struct rlimit rl;
  if (!ToRlim(limits.soft, &rl.rlim_cur) || !ToRlim(limits.hard, &rl.rlim_max)) {
    return kOutOfRange;
  }
  // setrlimit's EINVAL also means soft > hard: ask getrlimit whether the kernel knows the
  // resource first.
  struct rlimit current;
  if (getrlimit(resource, &current) != 0) return RlimitErrno(errno);
  if (setrlimit(resource, &rl) != 0) return errno;
  return kOk;
}

#ifdef __linux__
#ifdef __GLIBC__
using RlimitResource = enum __rlimit_resource;  // glibc declares prlimit with the enum
#else
using RlimitResource = int;
#endif

bool HasPrlimit() { return true; }

Status Prlimit(int pid, int resource, const Limits* new_limits, Limits* old) {
  if (!ValidResource(resource)) return kInvalidResource;
  struct rlimit requested;
  struct rlimit previous;
  if (new_limits != nullptr && (!ToRlim(new_limits->soft, &requested.rlim_cur) ||
                                 !ToRlim(new_limits->hard, &requested.rlim_max))) {
    return kOutOfRange;
  }
  if (prlimit(static_cast<pid_t>(pid), static_cast<RlimitResource>(resource),
              new_limits != nullptr ? &requested : nullptr, &previous) != 0) {
    return errno;
  }
  old->soft = FromRlim(previous.rlim_cur);
  old->hard = FromRlim(previous.rlim_max);
  return kOk;
}
#else
bool HasPrlimit() { return false; }

Status Prlimit(int, int, const Limits*, Limits*) { return kUnsupported; }
#endif

long PageSize() {
  static const long size = sysconf(_SC_PAGESIZE);
  return size;
}

// Python's round() is correctly rounded, as is printf's "%.1f", so the text round trip
// reproduces round(used / total * 100, 1) exactly.
double UsagePercent(double used, double total) {
  if (total == 0) return 0.0;
  char text[64];
  std::snprintf(text, sizeof text, "%.1f", used / total * 100);
  return std::strtod(text, nullptr);
}

const NamedConstant* ResourceConstants(std::size_t* count) {
  *count = sizeof(kResourceConstants) / sizeof(kResourceConstants[0]);
  return kResourceConstants;
}

}  // namespace memkit
