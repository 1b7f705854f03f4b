// The exit status of one of our children, read without reaping it (POSIX waitid with WNOWAIT):
// Node's libuv reaps the children it spawned, so taking the status would leave their
// ChildProcess without an 'exit' event.
#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/wait.h>

#include "psutil_ext.h"

namespace memkit {

Status PeekExit(int pid, bool* exited, int* code) {
  if (pid <= 0) return EINVAL;  // waitid(P_PID, 0) would mean any child on some systems
  siginfo_t info;
  std::memset(&info, 0, sizeof info);  // si_pid stays 0 when no child has changed state
  int result;
  do {
    result = waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT);
  } while (result == -1 && errno == EINTR);
  if (result == -1) return errno;
  *exited = info.si_pid != 0;
  // psutil's convert_exit_code(): the exit status, or minus the signal that killed it.
  if (*exited) *code = info.si_code == CLD_EXITED ? info.si_status : -info.si_status;
  return kOk;
}

}  // namespace memkit
