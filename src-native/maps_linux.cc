// Linux memory_maps(): /proc/<pid>/smaps parsed as psutil's _pslinux.Process.memory_maps().
// In C++ rather than TypeScript because parsing some 25 lines per mapping in JavaScript
// doubled the time of the read itself (see bench/psutil.bench.js).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "psutil_ext.h"

namespace memkit {
namespace {

const char* const kPmmapFields[] = {"rss", "size", "pss", "shared_clean", "shared_dirty",
                                    "private_clean", "private_dirty", "referenced",
                                    "anonymous", "swap"};
constexpr int kFieldCount = sizeof kPmmapFields / sizeof kPmmapFields[0];
static_assert(kFieldCount <= kMaxMapFields, "MapRegion holds every field");

// The whole file: procfs files report size 0, so read until end of file. Large reads: each
// read() of smaps makes the kernel find its place among the mappings again.
Status ReadFile(const std::string& path, std::unique_ptr<char[]>* data, size_t* size) {
  int fd;
  do fd = open(path.c_str(), O_RDONLY | O_CLOEXEC); while (fd == -1 && errno == EINTR);
  if (fd == -1) return errno == ENOENT ? ESRCH : errno;
  size_t capacity = 1 << 18;
  data->reset(new char[capacity]);
  *size = 0;
  for (;;) {
    if (*size == capacity) {
      std::unique_ptr<char[]> bigger(new char[capacity * 2]);
      std::memcpy(bigger.get(), data->get(), capacity);
      *data = std::move(bigger);
      capacity *= 2;
    }
    ssize_t n = read(fd, data->get() + *size, capacity - *size);
    if (n == -1 && errno == EINTR) continue;
    if (n == -1) {
      int err = errno;
      close(fd);
      return err;
    }
    if (n == 0) break;
    *size += static_cast<size_t>(n);
  }
  close(fd);
  return kOk;
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

// Python's str.strip(): whitespace off both ends.
std::string Strip(const char* begin, const char* end) {
  while (begin < end && std::strchr(" \t\r\n\v\f", *begin) != nullptr) ++begin;
  while (end > begin && std::strchr(" \t\r\n\v\f", end[-1]) != nullptr) --end;
  return std::string(begin, end);
}

// psutil's path_exists_strict(): os.stat() succeeds.
bool ExistsStrict(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// "addr perms offset dev inode   path": psutil's header.split(None, 5) and path.strip();
// '[anon]' when there is no path; ' (deleted)' dropped when no file has that name any more.
void ParseHeader(const char* begin, const char* end, MapRegion* region) {
  const char* p = begin;
  std::string fields[5];
  for (std::string& field : fields) {
    while (p < end && IsBlank(*p)) ++p;
    const char* start = p;
    while (p < end && !IsBlank(*p)) ++p;
    field.assign(start, p);
  }
  region->addr = std::move(fields[0]);
  region->perms = std::move(fields[1]);
  region->path = Strip(p, end);
  static const char kDeleted[] = " (deleted)";
  constexpr size_t kDeletedLength = sizeof kDeleted - 1;
  const std::string& path = region->path;
  if (path.empty()) {
    region->path = "[anon]";
  } else if (path.size() >= kDeletedLength &&
             path.compare(path.size() - kDeletedLength, kDeletedLength, kDeleted) == 0 &&
             !ExistsStrict(path)) {
    region->path.resize(path.size() - kDeletedLength);
  }
  for (double& value : region->values) value = 0;
}

// kPmmapFields' index of the smaps key [begin, end) (without its ':'), else -1. Most lines are
// keys psutil ignores, so the length sorts them out first.
int FieldOf(const char* begin, const char* end) {
  auto is = [&](const char* key) { return std::memcmp(begin, key, static_cast<size_t>(end - begin)) == 0; };
  switch (end - begin) {
    case 3: return is("Rss") ? 0 : is("Pss") ? 2 : -1;
    case 4: return is("Size") ? 1 : is("Swap") ? 9 : -1;
    case 9: return is("Anonymous") ? 8 : -1;
    case 10: return is("Referenced") ? 7 : -1;
    case 12: return is("Shared_Clean") ? 3 : is("Shared_Dirty") ? 4 : -1;
    case 13: return is("Private_Clean") ? 5 : is("Private_Dirty") ? 6 : -1;
    default: return -1;
  }
}

// The number after a key, in kB as smaps gives it.
double Kilobytes(const char* p, const char* end) {
  while (p < end && IsBlank(*p)) ++p;
  double kb = 0;
  for (; p < end && *p >= '0' && *p <= '9'; ++p) kb = kb * 10 + (*p - '0');
  return kb;
}

}  // namespace

FieldNames PmmapFields() { return {kPmmapFields, kFieldCount}; }

// Empty for kernel threads and zombies; the caller tells those apart.
Status MemoryMaps(int pid, std::vector<MapRegion>* out) {
  if (pid < 0) return EINVAL;
  std::unique_ptr<char[]> text;
  size_t size = 0;
  Status status = ReadFile("/proc/" + std::to_string(pid) + "/smaps", &text, &size);
  if (status != kOk) return status;
  const char* p = text.get();
  const char* const end = p + size;
  MapRegion* current = nullptr;
  while (p < end) {
    const char* eol = static_cast<const char*>(std::memchr(p, '\n', static_cast<size_t>(end - p)));
    if (eol == nullptr) eol = end;
    const char* token_end = p;
    while (token_end < eol && !IsBlank(*token_end)) ++token_end;
    if (token_end == p) {
      // a blank line
    } else if (token_end[-1] != ':') {
      out->emplace_back();
      current = &out->back();
      ParseHeader(p, eol, current);
    } else if (current != nullptr) {
      int field = FieldOf(p, token_end - 1);
      if (field >= 0) current->values[field] = Kilobytes(token_end, eol) * 1024;
    }
    p = eol + 1;
  }
  return kOk;
}

}  // namespace memkit
