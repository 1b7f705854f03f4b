// Pure functions of what the kernel reports about a process, kept apart from the system calls
// so that test/native-logic.test.js can compile and check them on any OS.
#ifndef MEMKIT_PROCESS_LOGIC_H_
#define MEMKIT_PROCESS_LOGIC_H_

#include <sys/time.h>

#include <cstring>

#include "memkit.h"

namespace memkit {

// A process's start as an offset from boot, in seconds: FreeBSD reports ki_start as the start
// uptime plus the *current* kern.boottime, which a clock step moves; the difference does not.
// Whole microseconds, so the same start always gives the same double.
inline double StartSinceBoot(const struct timeval& start, const struct timeval& boottime) {
  long long micros = (static_cast<long long>(start.tv_sec) - boottime.tv_sec) * 1000000LL +
                     (static_cast<long long>(start.tv_usec) - boottime.tv_usec);
  return static_cast<double>(micros) / 1e6;
}

// psutil's Process.name(): the kernel cuts `name` (15 characters on Linux, more on the BSDs); the
// basename of argv[0] replaces it when it starts with it.
inline void ExtendWithArgv0(const char* argv0, char name[kNameMax]) {
  const char* slash = std::strrchr(argv0, '/');
  const char* base = slash != nullptr ? slash + 1 : argv0;
  if (std::strncmp(base, name, std::strlen(name)) == 0 && std::strlen(base) < kNameMax) {
    std::strcpy(name, base);
  }
}

// psutil's PROC_STATUSES for Linux's /proc/<pid>/stat letters; '?' for one it does not name.
inline ProcState LinuxState(char letter) {
  switch (letter) {
    case 'R': return ProcState::kRunning;
    case 'S': return ProcState::kSleeping;
    case 'D': return ProcState::kDiskSleep;
    case 'T': return ProcState::kStopped;
    case 't': return ProcState::kTracingStop;
    case 'Z': return ProcState::kZombie;
    case 'X':
    case 'x': return ProcState::kDead;
    case 'K': return ProcState::kWakeKill;
    case 'W': return ProcState::kWaking;
    case 'I': return ProcState::kIdle;
    case 'P': return ProcState::kParked;
    default: return ProcState::kUnknown;
  }
}

}  // namespace memkit

#endif  // MEMKIT_PROCESS_LOGIC_H_
