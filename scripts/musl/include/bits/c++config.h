// Debian's libstdc++ headers are configured for glibc; this wrapper makes them compile against
// musl's headers (for prebuild-linux.sh's musl build) by turning off what only glibc has.
#ifndef __GLIBC_PREREQ
#define __GLIBC_PREREQ(major, minor) 0
#endif
#include_next <bits/c++config.h>
// musl has no pthread_cond_clockwait/pthread_mutex_clocklock: condition_variable falls back to
// pthread_cond_timedwait, as on any libc without them.
#undef _GLIBCXX_USE_PTHREAD_COND_CLOCKWAIT
#undef _GLIBCXX_USE_PTHREAD_MUTEX_CLOCKLOCK
#undef _GLIBCXX_USE_PTHREAD_RWLOCK_CLOCKLOCK
#ifndef _GLIBCXX_NO_OBSOLETE_ISINF_ISNAN_DYNAMIC
#define _GLIBCXX_NO_OBSOLETE_ISINF_ISNAN_DYNAMIC 1
#endif
// glibc's name for POSIX locale_t, used by the "gnu" locale model's declarations.
#define __locale_t locale_t
