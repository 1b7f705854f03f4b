// memkit's native core as plain C++: no N-API here. binding.cc is the only caller.
// Functions return a Status: 0 on success, a positive errno from the failing system call,
// or one of the negative memkit codes below.
#ifndef MEMKIT_H_
#define MEMKIT_H_

#include <pthread.h>

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
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
constexpr Status kOutOfRange = -5;       // a limit that does not fit rlim_t
constexpr Status kNotInt32 = -6;         // binding.cc: a hot call's argument is not an int32

// struct_rusage in Python's field order; times in float seconds, the rest as the OS reports.
constexpr int kRusageFields = 16;
Status GetRusage(int who, double out[kRusageFields]);

// Limits travel as doubles: RLIM_INFINITY <-> +Infinity. A finite limit above RlimMax()
// does not fit rlim_t (kOutOfRange).
struct Limits {
  double soft;
  double hard;
};
double RlimMax();
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
  kUnknown,  // a state psutil has no name for: '?'
};

constexpr int kNameMax = 256;
struct ProcessRecord {
  int ppid;
  ProcState state;
  double create_time;  // seconds since the epoch, as psutil reports it
  // What tells this process from a later one with the same pid: unlike create_time, it does
  // not move when the system clock is stepped (Linux: start ticks since boot; FreeBSD: ki_start
  // minus kern.boottime; macOS: the raw p_starttime).
  double identity;
  // The status of the call behind cpu_times and ctx_switches: kOk, or (macOS, where they need
  // proc_pidinfo) why they are NaN.
  Status counters_status;
  // user, system, children_user, children_system, then Linux iowait (0 elsewhere)
  double cpu_times[5];
  double ctx_switches[2];  // voluntary, involuntary
  double uids[3];          // real, effective, saved
  char name[kNameMax];
};
// A zombie still fills the record and returns kOk: callers read `state`. `name` is the
// kernel's short name; ExtendName() is psutil's longer name() and costs more reads.
Status ReadProcess(int pid, ProcessRecord* out);
// psutil's Process.name(): from 15 characters on, the basename of argv[0] replaces the kernel's
// cut name when it extends it. A process that refuses its arguments (other users', zombies)
// keeps `name`; one that is gone gives ESRCH.
Status ExtendName(int pid, char name[kNameMax]);
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
// gone, or when destroyed (which joins the thread).
class Sampler {
 public:
  // A new sampler with its thread running, or the errno of the failure (EAGAIN when no thread
  // can be created, ENOMEM): nothing here throws.
  static Status Start(int pid, double interval, bool full, int field, long max_samples,
                      std::unique_ptr<Sampler>* out);
  ~Sampler();
  Sampler(const Sampler&) = delete;
  Sampler& operator=(const Sampler&) = delete;

  // Appends (unix time in seconds, bytes) pairs taken since the last call. Returns kOk while
  // sampling goes on, kSamplerDone after the last sample, or the status that stopped it
  // (ESRCH once the process is gone, kZombieProcess once it has exited but is not reaped).
  Status Drain(std::vector<double>* out);

 private:
  Sampler(int pid, double interval, bool full, int field, long max_samples);
  static void* ThreadMain(void* self);
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
  pthread_t thread_;
  bool started_ = false;
};

}  // namespace memkit

#endif  // MEMKIT_H_
