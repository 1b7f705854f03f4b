// Linux process and system memory: /proc/<pid>/statm, smaps_rollup, stat, status, /proc/meminfo.
#include "memkit.h"
