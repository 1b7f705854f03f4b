// FreeBSD memory_maps(): kinfo_getvmmap(3) from libutil, as psutil's psutil_proc_memory_maps()
// in arch/freebsd/proc.c (which follows procstat(1)).
#include <sys/types.h>
#include <sys/user.h>

#include <libutil.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <utility>

#include "freebsd-process.h"
#include "psutil_ext.h"

namespace memkit {
namespace {

const char* const kPmmapFields[] = {"rss", "private", "ref_count", "shadow_count"};

using freebsd::SysctlKinfoProc;

// psutil_raise_for_pid() and _psbsd.wrap_exceptions(): ESRCH from a process that still has a
// kinfo_proc is a zombie (the kernel has no vmspace to show); no errno at all means the
// process vanished, or an unexplained failure.
Status Failure(int pid, int err) {
  struct kinfo_proc kp;
  bool exists = SysctlKinfoProc(pid, &kp) == kOk;
  if (err == ESRCH || err == 0) {
    if (exists && kp.ki_stat == SZOMB) return kZombieProcess;
    if (!exists) return ESRCH;
  }
  return err != 0 ? err : EIO;
}

// psutil's path for an anonymous mapping: the kind of object behind it.
const char* PseudoPath(int type) {
  switch (type) {
    case KVME_TYPE_NONE: return "[none]";
    case KVME_TYPE_DEFAULT: return "[default]";
    case KVME_TYPE_VNODE: return "[vnode]";
    case KVME_TYPE_SWAP: return "[swap]";
    case KVME_TYPE_DEVICE: return "[device]";
    case KVME_TYPE_PHYS: return "[phys]";
    case KVME_TYPE_DEAD: return "[dead]";
#ifdef KVME_TYPE_SG
    case KVME_TYPE_SG: return "[sg]";
#endif
    case KVME_TYPE_UNKNOWN: return "[unknown]";
    default: return "[?]";
  }
}

// psutil's "%#*jx-%#*jx" with the pointer width, then psutil_remove_spaces().
std::string Range(uint64_t start, uint64_t end) {
  constexpr int kWidth = 2 * sizeof(void*);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%#*jx-%#*jx", kWidth, static_cast<uintmax_t>(start),
                kWidth, static_cast<uintmax_t>(end));
  std::string range;
  for (const char* c = buffer; *c != '\0'; ++c) {
    if (*c != ' ') range += *c;
  }
  return range;
}

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

}  // namespace

FieldNames PmmapFields() {
  return {kPmmapFields, static_cast<int>(sizeof kPmmapFields / sizeof kPmmapFields[0])};
}

// rss and private are kve_resident and kve_private_resident as psutil reports them: pages.
Status MemoryMaps(int pid, std::vector<MapRegion>* out) {
  struct kinfo_proc kp;
  Status status = SysctlKinfoProc(pid, &kp);
  if (status != kOk) return status;
  int count = 0;
  errno = 0;
  std::unique_ptr<struct kinfo_vmentry, FreeDeleter> entries(kinfo_getvmmap(pid, &count));
  if (!entries) return Failure(pid, errno);
  out->reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) {
    const struct kinfo_vmentry& kve = entries.get()[i];
    MapRegion region;
    region.addr = Range(kve.kve_start, kve.kve_end);
    region.perms += (kve.kve_protection & KVME_PROT_READ) ? 'r' : '-';
    region.perms += (kve.kve_protection & KVME_PROT_WRITE) ? 'w' : '-';
    region.perms += (kve.kve_protection & KVME_PROT_EXEC) ? 'x' : '-';
    region.path = kve.kve_path[0] == '\0' ? PseudoPath(kve.kve_type) : kve.kve_path;
    region.values[0] = kve.kve_resident;
    region.values[1] = kve.kve_private_resident;
    region.values[2] = kve.kve_ref_count;
    region.values[3] = kve.kve_shadow_count;
    out->push_back(std::move(region));
  }
  return kOk;
}

}  // namespace memkit
