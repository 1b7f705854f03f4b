// This process's pid, read once. A Node process never forks, so it cannot change; and
// `process.pid` is an accessor into C++ that costs 100-200 ns right after a system call on a VM
// whose kernel flushes the TLB at each one (bench: `npm run bench hotpath`), more than the
// rest of memoryInfo()'s own work.
export const selfPid: number = process.pid;
