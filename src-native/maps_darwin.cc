// macOS memory_maps(): vm_region_recurse_64() and proc_regionfilename(), as psutil 5.5.1's
// psutil_proc_memory_maps() in _psutil_osx.c. psutil deprecated it in 5.6 and removed it in 6.0
// (psutil issue 1291: crashes and AccessDenied); the deviations below are the fixes for that and
// are marked.
#include <errno.h>
#include <libproc.h>
#include <mach/mach.h>
#include <sys/param.h>
#include <unistd.h>

#include <cinttypes>
#include <cstdio>
#include <utility>

#include "darwin-process.h"
#include "psutil_ext.h"

namespace memkit {
namespace {

const char* const kPmmapFields[] = {"rss", "private", "swapped", "dirtied", "ref_count",
                                    "shadow_depth"};

using darwin::PidExists;
using darwin::TaskForPid;

class TaskPort {
 public:
  TaskPort() = default;
  TaskPort(const TaskPort&) = delete;
  TaskPort& operator=(const TaskPort&) = delete;
  ~TaskPort() {
    if (port_ != MACH_PORT_NULL) mach_port_deallocate(mach_task_self(), port_);
  }
  mach_port_t* out() { return &port_; }
  mach_port_t get() const { return port_; }

 private:
  mach_port_t port_ = MACH_PORT_NULL;
};

// psutil's names for a mapping without a file, by share mode.
const char* PseudoPath(unsigned char share_mode) {
  switch (share_mode) {
    case SM_COW: return "[cow]";
    case SM_PRIVATE: return "[prv]";
    case SM_EMPTY: return "[nul]";
    case SM_SHARED:
    case SM_TRUESHARED: return "[shm]";
    case SM_PRIVATE_ALIASED: return "[ali]";
    case SM_SHARED_ALIASED: return "[s/a]";
    default: return "[???]";
  }
}

}  // namespace

FieldNames PmmapFields() {
  return {kPmmapFields, static_cast<int>(sizeof kPmmapFields / sizeof kPmmapFields[0])};
}

Status MemoryMaps(int pid, std::vector<MapRegion>* out) {
  if (pid < 0) return EINVAL;
  TaskPort task;
  Status status = TaskForPid(pid, task.out());
  if (status != kOk) return status;
  const double page = static_cast<double>(getpagesize());
  vm_address_t address = 0;
  natural_t depth = 1;
  for (;;) {
    vm_size_t size = 0;
    struct vm_region_submap_info_64 info;
    mach_msg_type_number_t count = VM_REGION_SUBMAP_INFO_COUNT_64;
    kern_return_t err = vm_region_recurse_64(task.get(), &address, &size, &depth,
                                             reinterpret_cast<vm_region_recurse_info_t>(&info),
                                             &count);
    if (err == KERN_INVALID_ADDRESS) break;  // past the last region
    // Deviation: psutil went on with an unfilled `info` here (its crash); stop with an error.
    if (err != KERN_SUCCESS) return PidExists(pid) ? EIO : ESRCH;
    // Deviation: psutil also skipped the submap's first range; descend into it instead.
    if (info.is_submap) {
      ++depth;
      continue;
    }
    MapRegion region;
    char addr[40];
    std::snprintf(addr, sizeof addr, "%016" PRIxPTR "-%016" PRIxPTR,
                  static_cast<uintptr_t>(address), static_cast<uintptr_t>(address + size));
    region.addr = addr;
    const vm_prot_t prot = info.protection;
    const vm_prot_t max = info.max_protection;
    region.perms = {(prot & VM_PROT_READ) ? 'r' : '-', (prot & VM_PROT_WRITE) ? 'w' : '-',
                    (prot & VM_PROT_EXECUTE) ? 'x' : '-', '/',
                    (max & VM_PROT_READ) ? 'r' : '-', (max & VM_PROT_WRITE) ? 'w' : '-',
                    (max & VM_PROT_EXECUTE) ? 'x' : '-'};
    // Deviation: psutil raised whenever errno was set, which it often is for anonymous
    // regions; a length of 0 means no file, named by share mode as psutil names it.
    char path[MAXPATHLEN];
    int length = proc_regionfilename(pid, address, path, sizeof path);
    unsigned char share_mode = info.share_mode;
    if (share_mode == SM_COW && info.ref_count == 1) share_mode = SM_PRIVATE;
    region.path = length > 0 ? std::string(path, static_cast<size_t>(length)) : PseudoPath(share_mode);
    region.values[0] = info.pages_resident * page;
    region.values[1] = info.pages_shared_now_private * page;
    region.values[2] = info.pages_swapped_out * page;
    region.values[3] = info.pages_dirtied * page;
    region.values[4] = info.ref_count;
    region.values[5] = info.shadow_depth;
    out->push_back(std::move(region));
    address += size;
  }
  return kOk;
}

}  // namespace memkit
