// memkit::Sampler: a thread that reads one process's memory on a fixed grid. A sleeping thread
// costs far less per tick than a JavaScript timer or worker (see bench/sampling.bench.js).
#include <time.h>

#include <chrono>
#include <cerrno>
#include <new>

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
    : pid_(pid), interval_(interval), full_(full), field_(field), max_samples_(max_samples) {}

// pthread_create rather than std::thread, whose failure (RLIMIT_NPROC) is an exception, which
// this code, built without exceptions, could only turn into std::terminate.
Status Sampler::Start(int pid, double interval, bool full, int field, long max_samples,
                      std::unique_ptr<Sampler>* out) {
  std::unique_ptr<Sampler> sampler(
      new (std::nothrow) Sampler(pid, interval, full, field, max_samples));
  if (!sampler) return ENOMEM;
  int err = pthread_create(&sampler->thread_, nullptr, &Sampler::ThreadMain, sampler.get());
  if (err != 0) return err;
  sampler->started_ = true;
  *out = std::move(sampler);
  return kOk;
}

void* Sampler::ThreadMain(void* self) {
  static_cast<Sampler*>(self)->Run();
  return nullptr;
}

// Joined, never detached: the thread reads this object's fields until it returns.
Sampler::~Sampler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (started_) pthread_join(thread_, nullptr);
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
