// macOS process and system memory: proc_pidinfo, task_info, host_statistics64.
#include "memkit.h"
