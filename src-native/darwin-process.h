// macOS process checks shared by darwin.cc (which defines them) and maps_darwin.cc: psutil's
// pid_exists(), is_zombie() and task_for_pid() with its guess at the cause of a failure.
#ifndef MEMKIT_DARWIN_PROCESS_H_
#define MEMKIT_DARWIN_PROCESS_H_

#include <mach/mach.h>

#include "memkit.h"

namespace memkit {
namespace darwin {

bool PidExists(int pid);
bool IsZombie(int pid);
// ESRCH when the process is gone, kZombieProcess for a zombie, else EACCES.
Status TaskForPid(int pid, mach_port_t* task);

}  // namespace darwin
}  // namespace memkit

#endif  // MEMKIT_DARWIN_PROCESS_H_
