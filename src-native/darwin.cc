// macOS process and system memory: proc_pidinfo, task_info, host_statistics64.
// Semantics and formulas follow psutil 7.2: psutil/_psosx.py, psutil/arch/osx/proc.c,
// proc_utils.c, mem.c and pids.c.
#include <libproc.h>
#include <mach/mach.h>
#include <mach/mach_time.h>
#include <signal.h>
#include <sys/proc.h>
#include <sys/proc_info.h>
#include <sys/sysctl.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>

#include "bsd.h"
#include "darwin-process.h"
#include "memkit.h"
#include "process-logic.h"

// Both headers ship with every macOS SDK. Header sets without them (the cross checker's) still
// compile everything else: mach_vm_region is then declared as the SDK declares it, and the
// shared-region test below has no regions to test.
#if __has_include(<mach/mach_vm.h>)
#include <mach/mach_vm.h>
#else
extern "C" kern_return_t mach_vm_region(vm_map_t target_task, mach_vm_address_t* address,
                                        mach_vm_size_t* size, vm_region_flavor_t flavor,
                                        vm_region_info_t info, mach_msg_type_number_t* info_count,
                                        mach_port_t* object_name);
#endif
#if __has_include(<mach/shared_region.h>)
#include <mach/shared_region.h>
#endif

namespace memkit {
namespace {

using bsd::Seconds;
using bsd::Sysctl;
using bsd::SysctlArray;
using bsd::SysctlByName;

const char* const kPmemNames[] = {"rss", "vms", "pfaults", "pageins"};
const char* const kPfullmemNames[] = {"rss", "vms", "pfaults", "pageins", "uss"};
const char* const kSvmemNames[] = {"total", "available", "percent", "used",
                                   "free",  "active",    "inactive", "wired"};
constexpr int kPmemCount = 4;
constexpr int kPfullmemCount = 5;
constexpr int kSvmemCount = 8;

// ---- process lookup and psutil's error translation ----

// psutil_get_kinfo_proc(): works for every process, zombies and other users' included; a
// length of 0 means the process is gone.
Status KinfoProc(int pid, struct kinfo_proc* out) {
  if (pid < 0) return EINVAL;
  int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_PID, pid};
  size_t size = sizeof *out;
  if (sysctl(mib, 4, out, &size, nullptr, 0) == -1) return errno;
  return size == 0 ? ESRCH : kOk;
}

}  // namespace

// ---- shared with maps_darwin.cc (darwin-process.h) ----
namespace darwin {

bool IsZombie(int pid) {
  struct kinfo_proc kp;
  return KinfoProc(pid, &kp) == kOk && kp.kp_proc.p_stat == SZOMB;
}

// psutil_pid_exists(): kill(pid, 0); pid 0 (kernel_task) exists on macOS.
bool PidExists(int pid) {
  if (pid < 0) return false;
  if (pid == 0) return true;
  return kill(pid, 0) == 0 || errno == EPERM;
}

// psutil_task_for_pid(): task_for_pid() sets no usable errno, so the cause is guessed as
// psutil does: gone, zombie, or else access denied.
Status TaskForPid(int pid, mach_port_t* task) {
  if (pid < 0) return EINVAL;
  if (task_for_pid(mach_task_self(), pid, task) == KERN_SUCCESS) return kOk;
  if (!PidExists(pid)) return ESRCH;
  if (IsZombie(pid)) return kZombieProcess;
  return EACCES;
}

}  // namespace darwin

namespace {

using darwin::IsZombie;
using darwin::PidExists;
using darwin::TaskForPid;

// psutil_raise_for_pid() followed by _psosx.wrap_exceptions(): a failed call on a process.
// err is the call's errno, 0 when it set none.
Status ProcessFailure(int pid, int err) {
  if (err == ESRCH) return IsZombie(pid) ? kZombieProcess : ESRCH;
  if (err != 0) return err;
  if (!PidExists(pid)) return ESRCH;
  if (IsZombie(pid)) return kZombieProcess;
  return EIO;  // psutil: RuntimeError("... syscall failed")
}

// psutil_proc_pidinfo(PROC_PIDTASKINFO): fails with EPERM for other users' processes and for
// zombies (ESRCH, then ZombieProcess).
Status TaskInfo(int pid, struct proc_taskinfo* out) {
  if (pid < 0) return EINVAL;
  errno = 0;
  int size = proc_pidinfo(pid, PROC_PIDTASKINFO, 0, out, sizeof *out);
  if (size <= 0 || size < static_cast<int>(sizeof *out)) return ProcessFailure(pid, errno);
  return kOk;
}

// ---- process record ----

// psutil 7.2's convert_status(): p_stat alone is unreliable on macOS (psutil issue 2675).
int ConvertStatus(const struct kinfo_proc& kp) {
  const struct extern_proc& p = kp.kp_proc;
  if (p.p_stat == SZOMB) return SZOMB;
  if (p.p_stat == SSTOP) return SSTOP;
  if (p.p_flag & (P_SYSTEM | P_WEXIT | P_PPWAIT)) return SIDL;
  if (kp.kp_eproc.e_flag & EPROC_SLEADER) return SSLEEP;
  return p.p_stat;
}

// psutil's PROC_STATUSES for macOS; '?' for a state it does not name.
ProcState StateOf(int status) {
  switch (status) {
    case SIDL: return ProcState::kIdle;
    case SRUN: return ProcState::kRunning;
    case SSLEEP: return ProcState::kSleeping;
    case SSTOP: return ProcState::kStopped;
    case SZOMB: return ProcState::kZombie;
    default: return ProcState::kUnknown;
  }
}

// psutil_boot_time(): kern.boottime's seconds; 0 when unavailable.
double BootTime() {
  int mib[] = {CTL_KERN, KERN_BOOTTIME};
  struct timeval boottime;
  if (Sysctl(mib, 2, &boottime) != kOk) return 0;
  return static_cast<double>(boottime.tv_sec);
}

// psutil's INIT_BOOT_TIME, taken when the module loads.
const double kInitialBootTime = BootTime();

// _psosx.adjust_proc_create_time(): kern.boottime moves with the system clock and process start
// times do not. Both branches add |diff|, as psutil's do, so create times match psutil's.
double AdjustCreateTime(double ctime) {
  if (kInitialBootTime == 0) return ctime;
  double diff = kInitialBootTime - BootTime();
  if (diff == 0 || std::fabs(diff) < 1) return ctime;
  return diff < 0 ? ctime - diff : ctime + diff;
}

// psutil_proc_pidtaskinfo_oneshot(): mach time units to seconds. psutil divides a float
// (single precision) by 1e9; the same rounding keeps the values equal to psutil's.
double MachSeconds(uint64_t ticks) {
  static const mach_timebase_info_data_t timebase = [] {
    mach_timebase_info_data_t info{1, 1};
    if (mach_timebase_info(&info) != KERN_SUCCESS || info.denom == 0) info = {1, 1};
    return info;
  }();
  uint64_t nanoseconds = ticks * timebase.numer / timebase.denom;
  return static_cast<double>(static_cast<float>(nanoseconds)) / 1000000000.0;
}

// The first argument from KERN_PROCARGS2 (argc, the exec path, padding, then argv), or null.
const char* FirstArgument(const char* buffer, size_t size) {
  int argc = 0;
  if (size < sizeof argc) return nullptr;
  std::memcpy(&argc, buffer, sizeof argc);
  const char* p = buffer + sizeof argc;
  const char* end = buffer + size;
  p = static_cast<const char*>(std::memchr(p, '\0', static_cast<size_t>(end - p)));
  if (argc <= 0 || p == nullptr) return nullptr;
  while (p < end && *p == '\0') ++p;
  if (p == end || std::memchr(p, '\0', static_cast<size_t>(end - p)) == nullptr) return nullptr;
  return p;
}

// ---- uss ----

// psutil_in_shared_region(): proc_cputype is the caller's CPU type, so on Apple silicon
// (CPU_TYPE_ARM64) no region counts as shared, as in psutil.
bool InSharedRegion(mach_vm_address_t address, cpu_type_t type) {
#ifdef SHARED_REGION_BASE_X86_64
  mach_vm_address_t base;
  mach_vm_address_t size;
  switch (type) {
    case CPU_TYPE_ARM:
      base = SHARED_REGION_BASE_ARM;
      size = SHARED_REGION_SIZE_ARM;
      break;
    case CPU_TYPE_I386:
      base = SHARED_REGION_BASE_I386;
      size = SHARED_REGION_SIZE_I386;
      break;
    case CPU_TYPE_X86_64:
      base = SHARED_REGION_BASE_X86_64;
      size = SHARED_REGION_SIZE_X86_64;
      break;
    default:
      return false;
  }
  return base <= address && address < base + size;
#else
  (void)address;
  (void)type;
  return false;
#endif
}

// Resident pages only this task uses, for one VM_REGION_TOP_INFO region (libtop's rule).
uint64_t PrivatePages(const vm_region_top_info_data_t& info) {
  switch (info.share_mode) {
#ifdef SM_LARGE_PAGE
    case SM_LARGE_PAGE:  // never shared, always resident
#endif
    case SM_PRIVATE:
      return static_cast<uint64_t>(info.private_pages_resident) + info.shared_pages_resident;
    case SM_COW:
      // Copy-on-write pages with a single reference are private.
      return info.private_pages_resident +
             (info.ref_count == 1 ? static_cast<uint64_t>(info.shared_pages_resident) : 0);
    default:
      return 0;
  }
}

// psutil_proc_memory_uss(): walks the task's regions as top(1)'s libtop does.
Status CountPrivatePages(int pid, mach_port_t task, cpu_type_t cpu_type, uint64_t* pages) {
  mach_vm_size_t size = 0;
  for (mach_vm_address_t address = MACH_VM_MIN_ADDRESS;; address += size) {
    mach_vm_address_t previous = address;
    vm_region_top_info_data_t info;
    mach_msg_type_number_t count = VM_REGION_TOP_INFO_COUNT;
    mach_port_t object_name = MACH_PORT_NULL;
    kern_return_t kr = mach_vm_region(task, &address, &size, VM_REGION_TOP_INFO,
                                      reinterpret_cast<vm_region_info_t>(&info), &count,
                                      &object_name);
    if (object_name != MACH_PORT_NULL) mach_port_deallocate(mach_task_self(), object_name);
    if (kr == KERN_INVALID_ADDRESS) return kOk;  // past the last region
    if (kr != KERN_SUCCESS) return ProcessFailure(pid, 0);
    if (size == 0 || address < previous) return kOk;  // no progress: stop, as psutil does
    if (InSharedRegion(address, cpu_type) && info.share_mode != SM_PRIVATE) continue;
    *pages += PrivatePages(info);
  }
}

Status Uss(int pid, double* out) {
  mach_port_t task = MACH_PORT_NULL;
  Status status = TaskForPid(pid, &task);
  if (status != kOk) return status;
  cpu_type_t cpu_type = 0;
  uint64_t pages = 0;
  status = SysctlByName("sysctl.proc_cputype", &cpu_type);
  if (status == kOk) status = CountPrivatePages(pid, task, cpu_type, &pages);
  mach_port_deallocate(mach_task_self(), task);
  if (status != kOk) return status;
  *out = static_cast<double>(pages) * static_cast<double>(PageSize());
  return kOk;
}

// ---- system ----

// psutil_sys_vminfo(): host_statistics64(HOST_VM_INFO64).
Status VmStatistics(vm_statistics64_data_t* out) {
  mach_port_t host = mach_host_self();
  if (host == MACH_PORT_NULL) return EIO;
  mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
  kern_return_t kr =
      host_statistics64(host, HOST_VM_INFO64, reinterpret_cast<host_info64_t>(out), &count);
  mach_port_deallocate(mach_task_self(), host);
  return kr == KERN_SUCCESS ? kOk : EIO;
}

// Every process from one sysctl(KERN_PROC_ALL) snapshot, as psutil's pids() reads them.
Status AllProcesses(std::vector<struct kinfo_proc>* procs, size_t* count) {
  int mib[] = {CTL_KERN, KERN_PROC, KERN_PROC_ALL};
  size_t bytes = 0;
  Status status = SysctlArray(mib, 3, procs, &bytes);
  *count = bytes / sizeof(struct kinfo_proc);
  return status;
}

}  // namespace

FieldNames PmemFields() { return {kPmemNames, kPmemCount}; }
FieldNames PfullmemFields() { return {kPfullmemNames, kPfullmemCount}; }
FieldNames SvmemFields() { return {kSvmemNames, kSvmemCount}; }

// Needs the process to be the caller's user's (else EPERM); a zombie gives kZombieProcess.
Status MemoryInfo(int pid, double* out) {
  struct proc_taskinfo info;
  Status status = TaskInfo(pid, &info);
  if (status != kOk) return status;
  out[0] = static_cast<double>(info.pti_resident_size);
  out[1] = static_cast<double>(info.pti_virtual_size);
  out[2] = static_cast<double>(static_cast<uint32_t>(info.pti_faults));
  out[3] = static_cast<double>(static_cast<uint32_t>(info.pti_pageins));
  return kOk;
}

// uss needs task_for_pid(): the caller itself, or root (EACCES otherwise).
int OpenMemoryHandle(int) { return -1; }

Status ReadMemoryHandle(int pid, int, double* out) { return MemoryInfo(pid, out); }

void CloseMemoryHandle(int) {}

Status MemoryFullInfo(int pid, double* out) {
  Status status = MemoryInfo(pid, out);
  if (status != kOk) return status;
  return Uss(pid, out + kPmemCount);
}

// name, ppid, uids, status and create time come from kinfo_proc, readable for every process.
// cpu times and context switches need proc_pidinfo, which refuses other users' processes
// (EPERM), zombies and, rarely, others: those get NaN and counters_status says why, so that only
// cpuTimes() and numCtxSwitches() raise, as psutil raises only from the methods that need it.
Status ReadProcess(int pid, ProcessRecord* out) {
  struct kinfo_proc kp;
  Status status = KinfoProc(pid, &kp);
  if (status != kOk) return ProcessFailure(pid, status);
  out->ppid = kp.kp_eproc.e_ppid;
  out->uids[0] = kp.kp_eproc.e_pcred.p_ruid;
  out->uids[1] = kp.kp_eproc.e_ucred.cr_uid;
  out->uids[2] = kp.kp_eproc.e_pcred.p_svuid;
  out->state = StateOf(ConvertStatus(kp));
  // psutil's create_time(monotonic=True) is the raw p_starttime: kern.boottime, and with it the
  // adjusted create time, moves when the clock is stepped.
  out->identity = Seconds(kp.kp_proc.p_starttime);
  out->create_time = AdjustCreateTime(out->identity);
  std::snprintf(out->name, sizeof out->name, "%s", kp.kp_proc.p_comm);

  struct proc_taskinfo info;
  status = TaskInfo(pid, &info);
  if (status == ESRCH) return ESRCH;  // gone since the sysctl
  out->counters_status = status;
  if (status == kOk) {
    out->cpu_times[0] = MachSeconds(info.pti_total_user);
    out->cpu_times[1] = MachSeconds(info.pti_total_system);
    out->ctx_switches[0] = static_cast<double>(static_cast<uint32_t>(info.pti_csw));
  } else {
    out->cpu_times[0] = out->cpu_times[1] = NAN;
    out->ctx_switches[0] = NAN;
  }
  // Not retrievable on macOS: psutil reports 0 for children's times and involuntary switches.
  out->cpu_times[2] = out->cpu_times[3] = out->cpu_times[4] = 0;
  out->ctx_switches[1] = std::isnan(out->ctx_switches[0]) ? NAN : 0;
  return kOk;
}

// p_comm is cut to MAXCOMLEN (16) characters. psutil reads KERN_PROCARGS2 into a
// kern.argmax-sized buffer (up to 1 MiB); this runs only for name(), never for other reads.
// Other users' processes and zombies refuse their arguments and keep p_comm, as psutil does for
// AccessDenied and ZombieProcess; a process that is gone gives ESRCH.
Status ExtendName(int pid, char name[kNameMax]) {
  if (std::strlen(name) < 15 || pid == 0) return kOk;
  int argmax_mib[] = {CTL_KERN, KERN_ARGMAX};
  int argmax = 0;
  if (Sysctl(argmax_mib, 2, &argmax) != kOk || argmax <= 0) return kOk;
  std::unique_ptr<char[]> buffer(new (std::nothrow) char[static_cast<size_t>(argmax)]);
  if (!buffer) return ENOMEM;
  size_t size = static_cast<size_t>(argmax);
  int mib[] = {CTL_KERN, KERN_PROCARGS2, pid};
  if (sysctl(mib, 3, buffer.get(), &size, nullptr, 0) == -1) {
    // psutil_proc_cmdline(): EINVAL is NoSuchProcess, which wrap_exceptions turns into
    // ZombieProcess for a zombie; name() keeps p_comm for that and for AccessDenied.
    if (errno == EINVAL || errno == ESRCH) return IsZombie(pid) ? kOk : ESRCH;
    return kOk;
  }
  const char* argv0 = FirstArgument(buffer.get(), size);
  if (argv0 == nullptr) return kOk;
  ExtendWithArgv0(argv0, name);
  return kOk;
}

// psutil's pids(): KERN_PROC_ALL, with pid 0 added when the kernel leaves it out but it can be
// queried (or is there and refuses: AccessDenied).
Status ListPids(std::vector<int>* out) {
  std::vector<struct kinfo_proc> procs;
  size_t count = 0;
  Status status = AllProcesses(&procs, &count);
  if (status != kOk) return status;
  for (size_t i = 0; i < count; ++i) out->push_back(procs[i].kp_proc.p_pid);
  if (std::find(out->begin(), out->end(), 0) == out->end()) {
    struct kinfo_proc kp;
    Status zero = KinfoProc(0, &kp);
    if (zero == kOk || zero == EPERM || zero == EACCES) out->insert(out->begin(), 0);
  }
  return kOk;
}

Status ListParents(std::vector<std::pair<int, int>>* out) {
  std::vector<struct kinfo_proc> procs;
  size_t count = 0;
  Status status = AllProcesses(&procs, &count);
  if (status != kOk) return status;
  for (size_t i = 0; i < count; ++i) {
    out->emplace_back(procs[i].kp_proc.p_pid, procs[i].kp_eproc.e_ppid);
  }
  return kOk;
}

// psutil_virtual_mem() and _psosx.virtual_memory(): avail and used as zabbix computes them,
// free without the speculative pages as vm_stat's "free" shows it.
Status VirtualMemory(double* out) {
  int mib[] = {CTL_HW, HW_MEMSIZE};
  uint64_t memsize = 0;
  Status status = Sysctl(mib, 2, &memsize);
  if (status != kOk) return status;
  vm_statistics64_data_t vm;
  status = VmStatistics(&vm);
  if (status != kOk) return status;
  double page = static_cast<double>(PageSize());
  double total = static_cast<double>(memsize);
  double active = vm.active_count * page;
  double inactive = vm.inactive_count * page;
  double wired = vm.wire_count * page;
  double free = vm.free_count * page;
  double speculative = vm.speculative_count * page;
  double available = inactive + free;
  out[0] = total;
  out[1] = available;
  out[2] = UsagePercent(total - available, total);
  out[3] = active + wired;  // used
  out[4] = free - speculative;
  out[5] = active;
  out[6] = inactive;
  out[7] = wired;
  return kOk;
}

// psutil_swap_mem(): vm.swapusage; psutil's sin and sout are the system's pageins and pageouts
// (all paging, not only swap), in bytes.
Status SwapMemory(double* out) {
  int mib[] = {CTL_VM, VM_SWAPUSAGE};
  struct xsw_usage swap;
  Status status = Sysctl(mib, 2, &swap);
  if (status != kOk) return status;
  vm_statistics64_data_t vm;
  status = VmStatistics(&vm);
  if (status != kOk) return status;
  double total = static_cast<double>(swap.xsu_total);
  double used = static_cast<double>(swap.xsu_used);
  out[0] = total;
  out[1] = used;
  out[2] = static_cast<double>(swap.xsu_avail);
  out[3] = UsagePercent(used, total);
  out[4] = static_cast<double>(vm.pageins) * static_cast<double>(PageSize());
  out[5] = static_cast<double>(vm.pageouts) * static_cast<double>(PageSize());
  return kOk;
}

}  // namespace memkit
