// memkit::Sampler: a thread that reads one process's memory on a fixed grid. A sleeping thread
// costs far less per tick than a JavaScript timer or worker (see bench/sampling.bench.js).
#include <time.h>

#include <chrono>

#include "memkit.h"

namespace memkit {
namespace {

double UnixTime() {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

}  // namespace

Sampler::Sampler(int pid, double interval, bool full, int field, long max_samples)
    : pid_(pid), interval_(interval), full_(full), field_(field), max_samples_(max_samples) {
  thread_ = std::thread(&Sampler::Run, this);
}

Sampler::~Sampler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

Status Sampler::Drain(std::vector<double>* out) {
  std::lock_guard<std::mutex> lock(mutex_);
  out->insert(out->end(), samples_.begin(), samples_.end());
  samples_.clear();
  return ended_;
}

void Sampler::Run() {
  using Clock = std::chrono::steady_clock;
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_));
  auto due = Clock::now();
  double values[kMaxFields];
  const int handle = full_ ? -1 : OpenMemoryHandle(pid_);
  struct Closer {
    int handle;
    ~Closer() { CloseMemoryHandle(handle); }
  } closer{handle};
  for (long taken = 0;;) {
    Status status = full_ ? MemoryFullInfo(pid_, values) : ReadMemoryHandle(pid_, handle, values);
    // vms (field 1 everywhere) is 0 only once the process has let go of its address space: a
    // zombie, whose zeros are no sample.
    if (status == kOk && values[1] == 0) status = kZombieProcess;
    double now = UnixTime();
    std::unique_lock<std::mutex> lock(mutex_);
    if (status != kOk) {
      ended_ = status;
      return;
    }
    samples_.push_back(now);
    samples_.push_back(values[field_]);
    if (++taken >= max_samples_) {
      ended_ = kSamplerDone;
      return;
    }
    // A fixed grid, so reads do not make the period drift; after a late wake-up (a loaded
    // machine) the grid restarts rather than crowding the next samples together.
    due += period;
    if (due < Clock::now() + period / 2) due = Clock::now() + period;
    if (wake_.wait_until(lock, due, [this] { return stopping_; })) return;
  }
}

}  // namespace memkit
