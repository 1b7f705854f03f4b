// memkit's native core as plain C++: no N-API here. binding.cc is the only caller.
// Functions return a Status: 0 on success, a positive errno from the failing system call,
// or one of the negative memkit codes below.
#ifndef MEMKIT_H_
#define MEMKIT_H_

#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace memkit {

using Status = int;
constexpr Status kOk = 0;
constexpr Status kInvalidResource = -1;  // resource outside 0..RLIM_NLIMITS-1
constexpr Status kUnsupported = -2;      // not available on this platform
// Process calls also return ESRCH (no such process), EACCES/EPERM (access denied) and:
constexpr Status kZombieProcess = -3;    // the process exists but is a zombie
constexpr Status kSamplerDone = -4;      // a Sampler took its last sample

// struct_rusage in Python's field order; times in float seconds, the rest as the OS reports.
constexpr int kRusageFields = 16;
Status GetRusage(int who, double out[kRusageFields]);

// Limits travel as doubles: RLIM_INFINITY <-> +Infinity.
struct Limits {
  double soft;
  double hard;
};
Status GetRlimit(int resource, Limits* out);
Status SetRlimit(int resource, const Limits& limits);
// Linux prlimit(2): new_limits may be null (read only); old receives the previous limits.
Status Prlimit(int pid, int resource, const Limits* new_limits, Limits* old);
bool HasPrlimit();

long PageSize();
// psutil's usage_percent(used, total, round_=1).
double UsagePercent(double used, double total);

// RLIMIT_* / RUSAGE_* values from this platform's headers.
struct NamedConstant {
  const char* name;
  long value;
};
const NamedConstant* ResourceConstants(std::size_t* count);

// ---- psutil: process and system memory (linux.cc, freebsd.cc, darwin.cc) ----

// A record whose field names depend on the platform: names are static strings, values fill
// a caller's double array of at least kMaxFields in the same order.
constexpr int kMaxFields = 16;
struct FieldNames {
  const char* const* names;
  int count;
};

// pmem: Linux rss, vms, shared, text, lib, data, dirty; FreeBSD rss, vms, text, data, stack;
// macOS rss, vms, pfaults, pageins. Bytes (counts for pfaults/pageins).
FieldNames PmemFields();
Status MemoryInfo(int pid, double* out);
// pfullmem: pmem plus Linux uss, pss, swap; macOS uss; FreeBSD nothing more.
FieldNames PfullmemFields();
Status MemoryFullInfo(int pid, double* out);
// svmem as psutil 7 has it per platform, `percent` included; sswap: total, used, free,
// percent, sin, sout.
FieldNames SvmemFields();
Status VirtualMemory(double* out);
Status SwapMemory(double* out);

// psutil's status strings, in this order (TypeScript keeps the same table).
enum class ProcState {
  kRunning, kSleeping, kDiskSleep, kStopped, kTracingStop, kZombie, kDead, kWakeKill,
  kWaking, kIdle, kLocked, kWaiting, kParked,
};

constexpr int kNameMax = 256;
struct ProcessRecord {
  int ppid;
  ProcState state;
  double create_time;  // seconds since the epoch
  // user, system, children_user, children_system, then Linux iowait (0 elsewhere)
  double cpu_times[5];
  double ctx_switches[2];  // voluntary, involuntary
  double uids[3];          // real, effective, saved
  char name[kNameMax];
};
// A zombie still fills the record and returns kOk: callers read `state`.
Status ReadProcess(int pid, ProcessRecord* out);
Status ListPids(std::vector<int>* out);
// Direct children of every pid at once: pairs (pid, ppid) of all processes.
Status ListParents(std::vector<std::pair<int, int>>* out);

// Repeated pmem reads of one process, cheaper than MemoryInfo where the platform allows:
// Linux keeps /proc/<pid>/statm open (the handle is its fd); elsewhere the handle is unused.
int OpenMemoryHandle(int pid);
Status ReadMemoryHandle(int pid, int handle, double* out);
void CloseMemoryHandle(int handle);

// ---- sampler.cc: one process's memory, sampled on a thread of its own ----

// Reads field `field` of MemoryInfo (or of MemoryFullInfo when `full`) every `interval` seconds
// on a fixed grid, as memory_profiler's sampling loop does, without waking JavaScript: the
// caller drains the samples when it likes. Stops after `max_samples`, when the process is
// gone, or when destroyed.
class Sampler {
 public:
  Sampler(int pid, double interval, bool full, int field, long max_samples);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Appends (unix time in seconds, bytes) pairs taken since the last call. Returns kOk while
  // sampling goes on, kSamplerDone after the last sample, or the status that stopped it
  // (ESRCH once the process is gone, kZombieProcess once it has exited but is not reaped).
  Status Drain(std::vector<double>* out);

 private:
  void Run();

  const int pid_;
  const double interval_;
  const bool full_;
  const int field_;
  const long max_samples_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Status ended_ = kOk;
  std::vector<double> samples_;
  std::thread thread_;
};

}  // namespace memkit

#endif  // MEMKIT_H_
