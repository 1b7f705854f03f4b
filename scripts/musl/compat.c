/* Symbols that the glibc-built static libstdc++/libgcc archives refer to and musl lacks, for
 * prebuild-linux.sh's musl build. Hidden: they serve this addon only, never the process. */
#include <stddef.h>
#include <stdint.h>
#include <sys/random.h>

#define HIDDEN __attribute__((visibility("hidden")))

/* glibc 2.32: libstdc++ skips atomics when it is 1; 0 means "assume threads", always correct. */
HIDDEN char __libc_single_threaded = 0;

/* glibc 2.35: libgcc's unwinder asks it first and falls back to dl_iterate_phdr on -1. */
struct dl_find_object;
HIDDEN int _dl_find_object(void *address, struct dl_find_object *result) {
  (void)address;
  (void)result;
  return -1;
}

/* glibc 2.36: std::random_device's source (the addon makes none); musl has getrandom(2). */
HIDDEN uint32_t arc4random(void) {
  uint32_t value = 0;
  while (getrandom(&value, sizeof value, 0) != (ssize_t)sizeof value) {
  }
  return value;
}
