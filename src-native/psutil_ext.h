// psutil's memory_maps() and the child exit peek behind wait_procs(), as plain
// C++: no N-API here. binding_psutil_ext.cc is the only caller. Statuses as in memkit.h.
#ifndef MEMKIT_PSUTIL_EXT_H_
#define MEMKIT_PSUTIL_EXT_H_

#include <string>
#include <vector>

#include "memkit.h"

namespace memkit {

// waitid(P_PID, pid, WEXITED | WNOHANG | WNOWAIT): whether our child `pid` has ended and, if so,
// its exit code (-N when signal N killed it). The child stays unreaped for its owner (libuv).
// ECHILD when `pid` is not our child or was reaped already.
Status PeekExit(int pid, bool* exited, int* code);

// One mapping as psutil's pmmap_ext: addr ("start-end"), perms, path, then PmmapFields().
constexpr int kMaxMapFields = 10;
struct MapRegion {
  std::string addr;
  std::string perms;
  std::string path;
  double values[kMaxMapFields];
};

// Linux: rss, size, pss, shared_clean, shared_dirty, private_clean, private_dirty, referenced,
// anonymous, swap (bytes); FreeBSD: rss, private (pages, as psutil), ref_count, shadow_count;
// macOS: rss, private, swapped, dirtied (bytes), ref_count, shadow_depth.
FieldNames PmmapFields();
// Every mapping of `pid` in address order (maps_linux.cc, maps_freebsd.cc, maps_darwin.cc).
Status MemoryMaps(int pid, std::vector<MapRegion>* out);

}  // namespace memkit

#endif  // MEMKIT_PSUTIL_EXT_H_
