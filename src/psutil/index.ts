// psutil for Node: process and system memory, asked of the kernel by the native core.
export * from './constants.js';
export { AccessDenied, NoSuchProcess, PsutilError, ZombieProcess, type ProcessError } from './errors.js';
export { memoryFullInfo, memoryInfo, memoryInfoMany, memoryInfoManyAsync, type MemoryInfoResult } from './memory.js';
export { AS_DICT_ATTRS, type AsDictAttr } from './attrs.js';
export { Process, type ChildrenOptions } from './process.js';
export { processIter } from './iter.js';
export { pmmapFields, type PmmapExt, type PmmapGrouped } from './maps.js';
export { waitProcs, type WaitProcsOptions, type WaitProcsResult } from './wait.js';
export { pfullmemFields, pmemFields } from './records.js';
export type {
  Pcputimes, Pctxsw, Puids, Pfullmem, PfullmemDarwin, PfullmemFreeBSD, PfullmemLinux, Pmem, PmemDarwin,
  PmemFreeBSD, PmemLinux, Sswap, Svmem, SvmemDarwin, SvmemFreeBSD, SvmemLinux,
} from './records.js';
export { pidExists, pids, swapMemory, virtualMemory } from './system.js';
