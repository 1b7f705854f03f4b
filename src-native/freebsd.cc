// FreeBSD process and system memory: kvm_getprocs(3), sysctl kinfo_proc, vm.stats.
#include "memkit.h"
