// FreeBSD process lookup shared by freebsd.cc (which defines it) and maps_freebsd.cc.
#ifndef MEMKIT_FREEBSD_PROCESS_H_
#define MEMKIT_FREEBSD_PROCESS_H_

#include <sys/types.h>
#include <sys/user.h>

#include "memkit.h"

namespace memkit {
namespace freebsd {

// psutil_kinfo_proc(): the process's kinfo_proc from sysctl(KERN_PROC_PID), zombies included;
// ESRCH when it is gone.
Status SysctlKinfoProc(int pid, struct kinfo_proc* out);

}  // namespace freebsd
}  // namespace memkit

#endif  // MEMKIT_FREEBSD_PROCESS_H_
