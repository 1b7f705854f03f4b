// Linux process and system memory: /proc/<pid>/statm, smaps_rollup, stat, status, /proc/meminfo.
// Semantics and formulas follow psutil 7.2's _pslinux.py.
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "memkit.h"
#include "process-logic.h"

namespace memkit {
namespace {

const char* const kPmemNames[] = {"rss", "vms", "shared", "text", "lib", "data", "dirty"};
const char* const kPfullmemNames[] = {"rss", "vms", "shared", "text", "lib", "data", "dirty",
                                      "uss", "pss", "swap"};
const char* const kSvmemNames[] = {"total", "available", "percent", "used", "free", "active",
                                   "inactive", "buffers", "cached", "shared", "slab"};
constexpr int kPmemCount = 7;

double ClockTicks() {
  static const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return ticks;
}

// A failed open/read of /proc/<pid>/...: the file vanishing means the process did.
Status ProcErrno(int err) { return err == ENOENT ? ESRCH : err; }

int OpenProc(int pid, const char* file, Status* status) {
  char path[64];
  if (pid >= 0) {
    std::snprintf(path, sizeof path, "/proc/%d/%s", pid, file);
  } else {
    std::snprintf(path, sizeof path, "/proc/%s", file);
  }
  int fd;
  do {
    fd = open(path, O_RDONLY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  *status = fd < 0 ? ProcErrno(errno) : kOk;
  return fd;
}

// Reads up to size-1 bytes from offset 0 and NUL-terminates; returns the length or -errno.
// procfs generates these files in one read: a short read is the end, so no extra read for EOF.
ssize_t PreadAll(int fd, char* buf, size_t size) {
  size_t used = 0;
  while (used + 1 < size) {
    size_t wanted = size - 1 - used;
    ssize_t n = pread(fd, buf + used, wanted, static_cast<off_t>(used));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -ProcErrno(errno);
    }
    used += static_cast<size_t>(n);
    if (static_cast<size_t>(n) < wanted) break;
  }
  buf[used] = '\0';
  return static_cast<ssize_t>(used);
}

// Whole small file (stat, statm) into buf; returns the length or -status.
ssize_t ReadSmall(int pid, const char* file, char* buf, size_t size) {
  Status status;
  int fd = OpenProc(pid, file, &status);
  if (fd < 0) return -status;
  ssize_t n = PreadAll(fd, buf, size);
  close(fd);
  return n;
}

// Calls on_line(line, length) for each line of fd without allocating; a false return stops.
// Lines longer than the buffer (never among the keys read here) are skipped.
template <typename OnLine>
Status ForEachLine(int fd, OnLine on_line) {
  char buf[8192];
  size_t kept = 0;
  bool skipping = false;
  for (;;) {
    ssize_t n = read(fd, buf + kept, sizeof buf - kept);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ProcErrno(errno);
    }
    if (n == 0) break;
    size_t end = kept + static_cast<size_t>(n);
    size_t start = 0;
    for (size_t i = kept; i < end; ++i) {
      if (buf[i] != '\n') continue;
      if (!skipping && !on_line(buf + start, i - start)) return kOk;
      skipping = false;
      start = i + 1;
    }
    kept = end - start;
    if (kept == sizeof buf) {
      skipping = true;
      kept = 0;
    }
    std::memmove(buf, buf + start, kept);
  }
  if (kept > 0 && !skipping) on_line(buf, kept);
  return kOk;
}

template <typename OnLine>
Status ForEachProcLine(int pid, const char* file, OnLine on_line) {
  Status status;
  int fd = OpenProc(pid, file, &status);
  if (fd < 0) return status;
  status = ForEachLine(fd, on_line);
  close(fd);
  return status;
}

bool StartsWith(const char* line, size_t length, const char* prefix, size_t prefix_length) {
  return length >= prefix_length && std::memcmp(line, prefix, prefix_length) == 0;
}
#define MEMKIT_PREFIX(literal) literal, sizeof(literal) - 1

// Next decimal integer at or after p (spaces and tabs skipped), or 0 when there is none.
int64_t NextInt(const char** cursor, const char* end) {
  const char* p = *cursor;
  while (p < end && (*p == ' ' || *p == '\t')) ++p;
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  int64_t value = 0;
  while (p < end && *p >= '0' && *p <= '9') value = value * 10 + (*p++ - '0');
  *cursor = p;
  return negative ? -value : value;
}

// The number after "Key:" on a /proc line such as "Pss:   317 kB".
double LineValue(const char* line, size_t length, size_t key_length) {
  const char* p = line + key_length;
  return static_cast<double>(NextInt(&p, line + length));
}

// ---- the calling process's statm, kept open and pread ----

// getpid() is a system call; the pid and the fd are cached and forgotten in a fork()ed child.
// Plain atomics, never destroyed objects: native threads may read after exit() has begun.
std::atomic<int> self_pid{0};
std::atomic<int> self_fd{-1};

void ForgetSelfInChild() {
  int fd = self_fd.exchange(-1);
  if (fd >= 0) close(fd);  // the parent's statm
  self_pid.store(0);
}

int SelfPid() {
  int pid = self_pid.load(std::memory_order_acquire);
  if (pid != 0) return pid;
  static std::atomic<bool> registered{false};
  if (!registered.exchange(true)) pthread_atfork(nullptr, nullptr, ForgetSelfInChild);
  pid = getpid();
  self_pid.store(pid, std::memory_order_release);
  return pid;
}

// statm is seven numbers and a newline; anything else (an fd that no longer is statm) is not
// a reading.
bool ParseStatm(const char* text, size_t length, double* out) {
  if (length == 0 || text[length - 1] != '\n') return false;
  const char* p = text;
  const char* end = text + length - 1;
  static const double page = static_cast<double>(PageSize());
  // statm order: size resident shared text lib data dt; pmem order: rss vms shared ...
  double values[kPmemCount];
  for (double& value : values) {
    const char* start = p;
    value = static_cast<double>(NextInt(&p, end)) * page;
    bool digits = p > start && p[-1] >= '0' && p[-1] <= '9';
    if (!digits || (p < end && *p != ' ')) return false;
  }
  out[0] = values[1];
  out[1] = values[0];
  for (int i = 2; i < kPmemCount; ++i) out[i] = values[i];
  return true;
}

Status ReadStatmFd(int fd, double* out) {
  char buf[256];
  ssize_t n = PreadAll(fd, buf, sizeof buf);
  if (n < 0) return static_cast<Status>(-n);
  return ParseStatm(buf, static_cast<size_t>(n), out) ? kOk : EIO;
}

Status ReadStatm(int pid, double* out) {
  Status status;
  int fd = OpenProc(pid, "statm", &status);
  if (fd < 0) return status;
  status = ReadStatmFd(fd, out);
  close(fd);
  return status;
}

// The cached fd, opened on first use. A program that closes fds it does not know may close it
// (EBADF) or hand its number to another file (not statm): either way it is dropped, never
// closed (it may be someone else's now), and statm opened again.
Status ReadSelfStatm(int pid, double* out) {
  int fd = self_fd.load(std::memory_order_acquire);
  if (fd >= 0 && ReadStatmFd(fd, out) == kOk) return kOk;
  Status status;
  int fresh = OpenProc(pid, "statm", &status);
  if (fresh < 0) return status;
  status = ReadStatmFd(fresh, out);
  if (status != kOk || !self_fd.compare_exchange_strong(fd, fresh)) close(fresh);
  return status;
}

// ---- /proc/<pid>/stat ----

struct StatLine {
  char state;
  int ppid;
  double ticks[5];  // utime, stime, cutime, cstime, delayacct_blkio_ticks
  double starttime;
};

// Parses after the last ')' (the command name may hold spaces and parentheses); copies the
// name into `name` when given.
Status ReadStat(int pid, StatLine* out, char* name, size_t name_size) {
  char buf[2048];
  ssize_t n = ReadSmall(pid, "stat", buf, sizeof buf);
  if (n < 0) return static_cast<Status>(-n);
  const char* open_paren = std::strchr(buf, '(');
  const char* close_paren = std::strrchr(buf, ')');
  if (open_paren == nullptr || close_paren == nullptr || close_paren + 2 >= buf + n) return EIO;
  if (name != nullptr) {
    size_t length = static_cast<size_t>(close_paren - open_paren - 1);
    if (length >= name_size) length = name_size - 1;
    std::memcpy(name, open_paren + 1, length);
    name[length] = '\0';
  }
  out->state = close_paren[2];
  const char* p = close_paren + 3;
  const char* end = buf + n;
  // Field numbers as in proc(5): 4 ppid, 14-17 times, 22 starttime, 42 blkio ticks.
  int64_t fields[43] = {};
  for (int field = 4; field <= 42 && p < end; ++field) fields[field] = NextInt(&p, end);
  out->ppid = static_cast<int>(fields[4]);
  for (int i = 0; i < 4; ++i) out->ticks[i] = static_cast<double>(fields[14 + i]);
  out->ticks[4] = static_cast<double>(fields[42]);
  out->starttime = static_cast<double>(fields[22]);
  return kOk;
}

double BootTime() {
  static const double btime = [] {
    double value = 0;
    ForEachProcLine(-1, "stat", [&](const char* line, size_t length) {
      if (!StartsWith(line, length, MEMKIT_PREFIX("btime"))) return true;
      value = LineValue(line, length, 5);
      return false;
    });
    return value;
  }();
  return btime;
}

// ---- smaps ----

// uss = Private_Clean + Private_Dirty + Private_Hugetlb, pss, swap, in bytes.
Status SumSmaps(int pid, const char* file, double* out) {
  double uss = 0, pss = 0, swap = 0;
  Status status = ForEachProcLine(pid, file, [&](const char* line, size_t length) {
    if (StartsWith(line, length, MEMKIT_PREFIX("Private_"))) {
      const char* colon = static_cast<const char*>(std::memchr(line, ':', length));
      if (colon != nullptr) uss += LineValue(line, length, static_cast<size_t>(colon - line) + 1);
    } else if (StartsWith(line, length, MEMKIT_PREFIX("Pss:"))) {
      pss += LineValue(line, length, 4);
    } else if (StartsWith(line, length, MEMKIT_PREFIX("Swap:"))) {
      swap += LineValue(line, length, 5);
    }
    return true;
  });
  if (status != kOk) return status;
  out[0] = uss * 1024;
  out[1] = pss * 1024;
  out[2] = swap * 1024;
  return kOk;
}

// ---- /proc/meminfo ----

struct Meminfo {
  enum Key {
    kMemTotal, kMemFree, kMemAvailable, kBuffers, kCached, kSReclaimable, kShmem, kMemShared,
    kActive, kInactive, kInactDirty, kInactClean, kInactLaundry, kSlab, kActiveFile,
    kInactiveFile, kSwapTotal, kSwapFree, kKeyCount,
  };
  double value[kKeyCount] = {};
  bool has[kKeyCount] = {};

  double Get(Key key) const { return value[key]; }
  bool Has(Key key) const { return has[key]; }
};

const char* const kMeminfoKeys[] = {
    "MemTotal:", "MemFree:", "MemAvailable:", "Buffers:", "Cached:", "SReclaimable:", "Shmem:",
    "MemShared:", "Active:", "Inactive:", "Inact_dirty:", "Inact_clean:", "Inact_laundry:",
    "Slab:", "Active(file):", "Inactive(file):", "SwapTotal:", "SwapFree:",
};

Status ReadMeminfo(Meminfo* out) {
  return ForEachProcLine(-1, "meminfo", [&](const char* line, size_t length) {
    for (int key = 0; key < Meminfo::kKeyCount; ++key) {
      size_t key_length = std::strlen(kMeminfoKeys[key]);
      if (StartsWith(line, length, kMeminfoKeys[key], key_length)) {
        out->value[key] = LineValue(line, length, key_length) * 1024;
        out->has[key] = true;
        break;
      }
    }
    return true;
  });
}

// psutil's calculate_avail_vmem(): the kernel's MemAvailable estimate, for kernels that lack
// it or report 0.
double EstimateAvailable(const Meminfo& m) {
  double free = m.Get(Meminfo::kMemFree);
  double fallback = free + m.Get(Meminfo::kCached);
  if (!m.Has(Meminfo::kActiveFile) || !m.Has(Meminfo::kInactiveFile) ||
      !m.Has(Meminfo::kSReclaimable)) {
    return fallback;
  }
  double watermark_low = 0;
  Status status = ForEachProcLine(-1, "zoneinfo", [&](const char* line, size_t length) {
    const char* p = line;
    const char* end = line + length;
    while (p < end && *p == ' ') ++p;
    if (StartsWith(p, static_cast<size_t>(end - p), MEMKIT_PREFIX("low"))) {
      watermark_low += LineValue(p, static_cast<size_t>(end - p), 3);
    }
    return true;
  });
  if (status != kOk) return fallback;
  watermark_low *= static_cast<double>(PageSize());
  double available = free - watermark_low;
  double pagecache = m.Get(Meminfo::kActiveFile) + m.Get(Meminfo::kInactiveFile);
  pagecache -= std::min(pagecache / 2, watermark_low);
  available += pagecache;
  double reclaimable = m.Get(Meminfo::kSReclaimable);
  available += reclaimable - std::min(reclaimable / 2.0, watermark_low);
  return static_cast<double>(static_cast<int64_t>(available));
}

}  // namespace

FieldNames PmemFields() { return {kPmemNames, kPmemCount}; }
FieldNames PfullmemFields() { return {kPfullmemNames, 10}; }
FieldNames SvmemFields() { return {kSvmemNames, 11}; }

Status MemoryInfo(int pid, double* out) {
  return pid == SelfPid() ? ReadSelfStatm(pid, out) : ReadStatm(pid, out);
}

int OpenMemoryHandle(int pid) {
  Status status;
  return OpenProc(pid, "statm", &status);
}

// Once the process is gone, reads of its statm fail (ESRCH) or come back empty: it is gone,
// and its pid is never opened again, since it may name another process by now. Only a handle
// closed behind the sampler's back (EBADF) falls back to a fresh open.
Status ReadMemoryHandle(int pid, int handle, double* out) {
  if (handle >= 0) {
    Status status = ReadStatmFd(handle, out);
    if (status == EIO) return ESRCH;
    if (status != EBADF) return status;
  }
  return ReadStatm(pid, out);
}

void CloseMemoryHandle(int handle) {
  if (handle >= 0) close(handle);
}

Status MemoryFullInfo(int pid, double* out) {
  Status status = MemoryInfo(pid, out);
  if (status != kOk) return status;
  status = SumSmaps(pid, "smaps_rollup", out + kPmemCount);
  if (status != ESRCH) return status;
  // smaps_rollup refuses processes without an address space (ESRCH). A zombie has none left:
  // report it as such rather than as zeros; kernel threads and races fall back to smaps.
  StatLine stat;
  status = ReadStat(pid, &stat, nullptr, 0);
  if (status != kOk) return status;
  if (stat.state == 'Z') return kZombieProcess;
  return SumSmaps(pid, "smaps", out + kPmemCount);
}

Status VirtualMemory(double* out) {
  Meminfo m;
  Status status = ReadMeminfo(&m);
  if (status != kOk) return status;
  double total = m.Get(Meminfo::kMemTotal);
  double free = m.Get(Meminfo::kMemFree);
  double cached = m.Get(Meminfo::kCached) + m.Get(Meminfo::kSReclaimable);
  double shared = m.Has(Meminfo::kShmem) ? m.Get(Meminfo::kShmem) : m.Get(Meminfo::kMemShared);
  double inactive = m.Has(Meminfo::kInactive)
                        ? m.Get(Meminfo::kInactive)
                        : m.Get(Meminfo::kInactDirty) + m.Get(Meminfo::kInactClean) +
                              m.Get(Meminfo::kInactLaundry);
  double available = m.Get(Meminfo::kMemAvailable);
  if (!m.Has(Meminfo::kMemAvailable) || available == 0) available = EstimateAvailable(m);
  if (available < 0) {
    available = 0;
  } else if (available > total) {
    available = free;  // LXC containers: the host's figures leak through
  }
  out[0] = total;
  out[1] = available;
  out[2] = UsagePercent(total - available, total);
  out[3] = total - available;
  out[4] = free;
  out[5] = m.Get(Meminfo::kActive);
  out[6] = inactive;
  out[7] = m.Get(Meminfo::kBuffers);
  out[8] = cached;
  out[9] = shared;
  out[10] = m.Get(Meminfo::kSlab);
  return kOk;
}

Status SwapMemory(double* out) {
  Meminfo m;
  Status status = ReadMeminfo(&m);
  if (status != kOk) return status;
  double total = m.Get(Meminfo::kSwapTotal);
  double free = m.Get(Meminfo::kSwapFree);
  double pages_in = 0, pages_out = 0;
  ForEachProcLine(-1, "vmstat", [&](const char* line, size_t length) {
    if (StartsWith(line, length, MEMKIT_PREFIX("pswpin "))) pages_in = LineValue(line, length, 6);
    if (StartsWith(line, length, MEMKIT_PREFIX("pswpout "))) pages_out = LineValue(line, length, 7);
    return true;
  });
  double page = static_cast<double>(PageSize());
  out[0] = total;
  out[1] = total - free;
  out[2] = free;
  out[3] = UsagePercent(total - free, total);
  out[4] = pages_in * page;
  out[5] = pages_out * page;
  return kOk;
}

Status ReadProcess(int pid, ProcessRecord* out) {
  StatLine stat;
  Status status = ReadStat(pid, &stat, out->name, sizeof out->name);
  if (status != kOk) return status;
  double ticks = ClockTicks();
  out->ppid = stat.ppid;
  out->state = LinuxState(stat.state);
  out->create_time = stat.starttime / ticks + BootTime();
  for (int i = 0; i < 5; ++i) out->cpu_times[i] = stat.ticks[i] / ticks;
  out->ctx_switches[0] = out->ctx_switches[1] = 0;
  out->identity = stat.starttime;
  out->counters_status = kOk;
  status = ForEachProcLine(pid, "status", [&](const char* line, size_t length) {
    if (StartsWith(line, length, MEMKIT_PREFIX("Uid:"))) {
      const char* p = line + 4;
      for (double& uid : out->uids) uid = static_cast<double>(NextInt(&p, line + length));
    } else if (StartsWith(line, length, MEMKIT_PREFIX("voluntary_ctxt_switches:"))) {
      out->ctx_switches[0] = LineValue(line, length, 24);
    } else if (StartsWith(line, length, MEMKIT_PREFIX("nonvoluntary_ctxt_switches:"))) {
      out->ctx_switches[1] = LineValue(line, length, 27);
      return false;
    }
    return true;
  });
  return status;
}

// Zombies have an empty cmdline and keep comm; the kernel lets every user read cmdline.
Status ExtendName(int pid, char name[kNameMax]) {
  if (std::strlen(name) < 15) return kOk;
  char cmdline[kNameMax + 1];
  ssize_t n = ReadSmall(pid, "cmdline", cmdline, sizeof cmdline);
  if (n < 0) return static_cast<Status>(-n) == ESRCH ? ESRCH : kOk;
  if (n == 0 || std::memchr(cmdline, '\0', static_cast<size_t>(n)) == nullptr) return kOk;
  ExtendWithArgv0(cmdline, name);
  return kOk;
}

Status ListPids(std::vector<int>* out) {
  DIR* dir = opendir("/proc");
  if (dir == nullptr) return errno;
  while (struct dirent* entry = readdir(dir)) {
    char* end;
    long pid = std::strtol(entry->d_name, &end, 10);
    if (*end == '\0' && entry->d_name[0] >= '0' && entry->d_name[0] <= '9') {
      out->push_back(static_cast<int>(pid));
    }
  }
  closedir(dir);
  return kOk;
}

Status ListParents(std::vector<std::pair<int, int>>* out) {
  std::vector<int> pids;
  Status status = ListPids(&pids);
  if (status != kOk) return status;
  for (int pid : pids) {
    StatLine stat;
    if (ReadStat(pid, &stat, nullptr, 0) == kOk) out->emplace_back(pid, stat.ppid);
  }
  return kOk;
}

}  // namespace memkit
