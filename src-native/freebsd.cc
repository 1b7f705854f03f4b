// FreeBSD process and system memory: kvm_getprocs(3), sysctl kinfo_proc, vm.stats.
// Semantics and formulas follow psutil 7.2: psutil/_psbsd.py, psutil/arch/bsd/proc.c,
// psutil/arch/bsd/proc_utils.c, psutil/arch/freebsd/mem.c and pids.c.
#include <fcntl.h>
#include <kvm.h>
#include <limits.h>
#include <paths.h>
#include <sys/param.h>
#include <sys/proc.h>
#include <sys/sysctl.h>
#include <sys/types.h>
#include <sys/user.h>
#include <sys/vmmeter.h>
#include <vm/vm_param.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "bsd.h"
#include "freebsd-process.h"
#include "memkit.h"
#include "process-logic.h"

namespace memkit {

// Shared with maps_freebsd.cc (freebsd-process.h).
namespace freebsd {

// psutil_kinfo_proc(): sysctl {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid}; a size of 0 means
// the process is gone.
Status SysctlKinfoProc(int pid, struct kinfo_proc* out) {
  int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid};
  size_t size = sizeof *out;
  if (sysctl(mib, 4, out, &size, nullptr, 0) == -1) return errno;
  return size == 0 ? ESRCH : kOk;
}

}  // namespace freebsd

namespace {

using freebsd::SysctlKinfoProc;

using bsd::Seconds;
using bsd::SysctlArray;
using bsd::SysctlByName;

const char* const kPmemNames[] = {"rss", "vms", "text", "data", "stack"};
const char* const kSvmemNames[] = {"total",    "available", "percent", "used",
                                   "free",     "active",    "inactive", "buffers",
                                   "cached",   "shared",    "wired"};
constexpr int kPmemCount = 5;
constexpr int kSvmemCount = 11;

// ---- kvm ----

// One kvm handle per thread: kvm_getprocs returns a buffer its handle reuses, so a handle of
// each thread's own needs no lock, and nothing here is a global object that exit() destroys
// while a sampler thread or a libuv worker still reads. With "/dev/null" as the core, libkvm
// reads the live kernel through sysctl and needs no privileges. A handle that could not be
// opened (EMFILE, a jail without /dev/null) is tried again at the next call, as psutil opens
// one per call; each is closed when its thread exits.
struct ThreadKvm {
  kvm_t* kd = nullptr;
  ~ThreadKvm() {
    if (kd != nullptr) kvm_close(kd);
  }
};

// The calling thread's handle, or null with *err set.
kvm_t* Kvm(Status* err) {
  thread_local ThreadKvm handle;
  if (handle.kd == nullptr) {
    char errbuf[_POSIX2_LINE_MAX];
    errno = 0;
    handle.kd = kvm_openfiles(nullptr, _PATH_DEVNULL, nullptr, O_RDONLY, errbuf);
    if (handle.kd == nullptr) *err = errno != 0 ? errno : EIO;
  }
  return handle.kd;
}

// The process's kinfo_proc, zombies included (the kernel still reports them). kvm_getprocs
// makes the same sysctl and keeps its errno (ESRCH for a pid that is gone): only a failure
// that left no errno (kvm's own) is asked again of the plain sysctl.
Status KinfoProc(int pid, struct kinfo_proc* out) {
  if (pid < 0) return EINVAL;
  Status unused;
  if (kvm_t* kd = Kvm(&unused)) {
    int count = 0;
    errno = 0;
    struct kinfo_proc* procs = kvm_getprocs(kd, KERN_PROC_PID, pid, &count);
    if (procs != nullptr) {
      if (count <= 0) return ESRCH;
      *out = procs[0];
      return kOk;
    }
    if (errno != 0) return errno;
  }
  return SysctlKinfoProc(pid, out);
}

// Calls visit(kinfo_proc) for every process (KERN_PROC_PROC: one entry per process, not per
// thread) from one kvm_getprocs or sysctl snapshot.
template <typename Visit>
Status ForEachProcess(Visit visit) {
  Status unused;
  if (kvm_t* kd = Kvm(&unused)) {
    int count = 0;
    struct kinfo_proc* procs = kvm_getprocs(kd, KERN_PROC_PROC, 0, &count);
    if (procs != nullptr) {
      for (int i = 0; i < count; ++i) visit(procs[i]);
      return kOk;
    }
  }
  int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PROC, 0};
  std::vector<struct kinfo_proc> procs;
  size_t bytes = 0;
  Status status = SysctlArray(mib, 3, &procs, &bytes);
  if (status != kOk) return status;
  for (size_t i = 0; i < bytes / sizeof(struct kinfo_proc); ++i) visit(procs[i]);
  return kOk;
}

// ---- process ----

// psutil's PROC_STATUSES for FreeBSD; '?' for a state it does not name.
ProcState StateOf(char stat) {
  switch (stat) {
    case SIDL: return ProcState::kIdle;
    case SRUN: return ProcState::kRunning;
    case SSLEEP: return ProcState::kSleeping;
    case SSTOP: return ProcState::kStopped;
    case SZOMB: return ProcState::kZombie;
    case SWAIT: return ProcState::kWaiting;
    case SLOCK: return ProcState::kLocked;
    default: return ProcState::kUnknown;
  }
}

// kern.boottime, for the identity of a process's start (see StartSinceBoot).
Status BootTime(struct timeval* out) {
  int mib[] = {CTL_KERN, KERN_BOOTTIME};
  return bsd::Sysctl(mib, 2, out);
}

void FillPmem(const struct kinfo_proc& kp, double* out) {
  out[0] = static_cast<double>(kp.ki_rssize) * static_cast<double>(PageSize());
  out[1] = static_cast<double>(kp.ki_size);
  out[2] = static_cast<double>(kp.ki_tsize) * static_cast<double>(PageSize());
  out[3] = static_cast<double>(kp.ki_dsize) * static_cast<double>(PageSize());
  out[4] = static_cast<double>(kp.ki_ssize) * static_cast<double>(PageSize());
}

}  // namespace

FieldNames PmemFields() { return {kPmemNames, kPmemCount}; }
// psutil: pfullmem = pmem on BSD.
FieldNames PfullmemFields() { return {kPmemNames, kPmemCount}; }
FieldNames SvmemFields() { return {kSvmemNames, kSvmemCount}; }

// A zombie still has its kinfo_proc: psutil returns its (emptied) memory figures, not an error.
Status MemoryInfo(int pid, double* out) {
  struct kinfo_proc kp;
  Status status = KinfoProc(pid, &kp);
  if (status != kOk) return status;
  FillPmem(kp, out);
  return kOk;
}

int OpenMemoryHandle(int) { return -1; }

Status ReadMemoryHandle(int pid, int, double* out) { return MemoryInfo(pid, out); }

void CloseMemoryHandle(int) {}

Status MemoryFullInfo(int pid, double* out) { return MemoryInfo(pid, out); }

Status ReadProcess(int pid, ProcessRecord* out) {
  struct kinfo_proc kp;
  Status status = KinfoProc(pid, &kp);
  if (status != kOk) return status;
  out->ppid = kp.ki_ppid;
  out->state = StateOf(kp.ki_stat);
  out->create_time = Seconds(kp.ki_start);
  struct timeval boottime;
  status = BootTime(&boottime);
  if (status != kOk) return status;
  out->identity = StartSinceBoot(kp.ki_start, boottime);
  out->counters_status = kOk;
  out->cpu_times[0] = Seconds(kp.ki_rusage.ru_utime);
  out->cpu_times[1] = Seconds(kp.ki_rusage.ru_stime);
  out->cpu_times[2] = Seconds(kp.ki_rusage_ch.ru_utime);
  out->cpu_times[3] = Seconds(kp.ki_rusage_ch.ru_stime);
  out->cpu_times[4] = 0;
  out->ctx_switches[0] = static_cast<double>(kp.ki_rusage.ru_nvcsw);
  out->ctx_switches[1] = static_cast<double>(kp.ki_rusage.ru_nivcsw);
  out->uids[0] = kp.ki_ruid;
  out->uids[1] = kp.ki_uid;
  out->uids[2] = kp.ki_svuid;
  std::snprintf(out->name, sizeof out->name, "%s", kp.ki_comm);
  return kOk;
}

// ki_comm is cut to COMMLEN (19) characters. Zombies and processes being torn down refuse
// their arguments and keep ki_comm, as psutil does for AccessDenied and ZombieProcess.
Status ExtendName(int pid, char name[kNameMax]) {
  if (std::strlen(name) < 15) return kOk;
  int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_ARGS, pid};
  std::vector<char> args;
  size_t bytes = 0;
  Status status = SysctlArray(mib, 4, &args, &bytes);
  if (status == ESRCH) return ESRCH;
  if (status != kOk || bytes == 0) return kOk;
  if (std::memchr(args.data(), '\0', bytes) == nullptr) return kOk;
  ExtendWithArgv0(args.data(), name);
  return kOk;
}

Status ListPids(std::vector<int>* out) {
  return ForEachProcess([&](const struct kinfo_proc& kp) { out->push_back(kp.ki_pid); });
}

Status ListParents(std::vector<std::pair<int, int>>* out) {
  return ForEachProcess(
      [&](const struct kinfo_proc& kp) { out->emplace_back(kp.ki_pid, kp.ki_ppid); });
}

// psutil_virtual_mem() and _psbsd.virtual_memory(): avail and used as freebsd-memory and
// zabbix compute them.
Status VirtualMemory(double* out) {
  unsigned long physmem = 0;
  unsigned int active = 0, inactive = 0, wired = 0, cached = 0, free = 0;
  long bufspace = 0;
  Status status;
  if ((status = SysctlByName("hw.physmem", &physmem)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_active_count", &active)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_inactive_count", &inactive)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_wire_count", &wired)) != kOk) return status;
  if (SysctlByName("vm.stats.vm.v_cache_count", &cached) != kOk) cached = 0;  // optional
  if ((status = SysctlByName("vm.stats.vm.v_free_count", &free)) != kOk) return status;
  if ((status = SysctlByName("vfs.bufspace", &bufspace)) != kOk) return status;
  struct vmtotal vm;
  int mib[] = {CTL_VM, VM_TOTAL};
  if ((status = bsd::Sysctl(mib, 2, &vm)) != kOk) return status;

  double page = static_cast<double>(PageSize());
  double total = static_cast<double>(physmem);
  double free_bytes = free * page;
  double active_bytes = active * page;
  double inactive_bytes = inactive * page;
  double wired_bytes = wired * page;
  double cached_bytes = cached * page;
  double available = inactive_bytes + cached_bytes + free_bytes;
  out[0] = total;
  out[1] = available;
  out[2] = UsagePercent(total - available, total);
  out[3] = active_bytes + wired_bytes + cached_bytes;  // used
  out[4] = free_bytes;
  out[5] = active_bytes;
  out[6] = inactive_bytes;
  out[7] = static_cast<double>(bufspace);
  out[8] = cached_bytes;
  out[9] = static_cast<double>(vm.t_vmshr + vm.t_rmshr) * page;  // shared
  out[10] = wired_bytes;
  return kOk;
}

// psutil_swap_mem(): totals from kvm_getswapinfo(). psutil's sin and sout are not the swap
// traffic they are named after: sin = v_swapin + v_swapout (swap pager operations) and
// sout = v_vnodein + v_vnodeout, in u_int arithmetic; kept as is so the numbers match psutil.
Status SwapMemory(double* out) {
  Status status = kOk;
  kvm_t* kd = Kvm(&status);
  if (kd == nullptr) return status;
  struct kvm_swap swap;
  errno = 0;
  if (kvm_getswapinfo(kd, &swap, 1, 0) < 0) return errno != 0 ? errno : EIO;
  unsigned int swapin = 0, swapout = 0, vnodein = 0, vnodeout = 0;
  if ((status = SysctlByName("vm.stats.vm.v_swapin", &swapin)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_swapout", &swapout)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_vnodein", &vnodein)) != kOk) return status;
  if ((status = SysctlByName("vm.stats.vm.v_vnodeout", &vnodeout)) != kOk) return status;
  double total = static_cast<double>(swap.ksw_total) * static_cast<double>(PageSize());
  double used = static_cast<double>(swap.ksw_used) * static_cast<double>(PageSize());
  out[0] = total;
  out[1] = used;
  out[2] = total - used;
  out[3] = UsagePercent(used, total);
  out[4] = swapin + swapout;
  out[5] = vnodein + vnodeout;
  return kOk;
}

}  // namespace memkit
