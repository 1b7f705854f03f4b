// The psutil part of the addon's surface (the addon is loaded once, in ../native.ts).
import { native as addon } from '../native.js';

export interface ManyResult {
  /** maxFields values per pid, in pmem field order. */
  readonly values: Float64Array;
  /** 0, an errno or a memkit status per pid. */
  readonly statuses: Int32Array;
}

export interface PsutilNative {
  readonly scratch: Float64Array;
  readonly status: { readonly zombieProcess: number; readonly unsupported: number };
  readonly pmemFields: readonly string[];
  readonly pfullmemFields: readonly string[];
  readonly svmemFields: readonly string[];
  readonly maxFields: number;
  // These four return undefined on success, else a status.
  memoryInfo(pid: number): number | undefined;
  memoryFullInfo(pid: number): number | undefined;
  virtualMemory(): number | undefined;
  swapMemory(): number | undefined;
  /**
   * The kernel's name on success (scratch: ppid, state, create_time, cpu_times[5],
   * ctx_switches[2], uids[3], identity, counters_status), else a status.
   */
  readProcess(pid: number): string | number;
  /** psutil's name(): argv[0]'s basename where it extends the kernel's cut `name`; or a status. */
  extendName(pid: number, name: string): string | number;
  pids(): Int32Array | number;
  /** (pid, ppid) pairs of every process. */
  parents(): Int32Array | number;
  memoryInfoMany(pids: Int32Array): ManyResult;
  memoryInfoManyAsync(pids: Int32Array): Promise<ManyResult>;
  /** pmmap_ext's counters on this platform, in this order. */
  readonly pmmapFields: readonly string[];
  /** Every mapping of a process, or a status. */
  memoryMaps(pid: number): MapsResult | number;
  /**
   * waitid(WEXITED | WNOHANG | WNOWAIT): the exit code of our exited child (-signal when a
   * signal killed it), left for its owner (libuv) to reap; null while it runs; else a status.
   */
  peekExit(pid: number): { readonly code: number } | null | number;
}

export interface MapsResult {
  /** addr, perms and path of each mapping. */
  readonly text: readonly string[];
  /** pmmapFields.length values per mapping. */
  readonly values: Float64Array;
}

export const native = addon as unknown as PsutilNative;
