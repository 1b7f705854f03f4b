// Memory of one process by pid, and of many at once (sync, or off the main thread).
import { checkPid, invalidArgType } from '../validate.js';
import { constants } from 'node:os';
import { NoSuchProcess, processError } from './errors.js';
import { native, type ManyResult } from './native.js';
import { PfullmemRecord, PmemRecord, type Pfullmem, type Pmem } from './records.js';
import { selfPid } from '../self-pid.js';

const scratch = native.scratch;
const { ESRCH } = constants.errno;

// No Process was made first, so a missing pid was never found (psutil.Process(pid) says so).
function failed(status: number, pid: number, syscall: string): Error {
  if (status === ESRCH) return new NoSuchProcess(pid, null, 'process PID not found');
  return processError(status, pid, null, syscall);
}

/** psutil.Process(pid).memory_info(); the calling process when pid is omitted. */
export function memoryInfo(pid?: number): Pmem {
  const target = pid === undefined ? selfPid : checkPid('pid', pid);
  const status = native.memoryInfo(target);
  if (status !== undefined) throw failed(status, target, 'memoryInfo');
  return new PmemRecord(scratch);
}

/** psutil.Process(pid).memory_full_info(): pmem plus uss/pss/swap where the OS has them. */
export function memoryFullInfo(pid?: number): Pfullmem {
  const target = pid === undefined ? selfPid : checkPid('pid', pid);
  const status = native.memoryFullInfo(target);
  if (status !== undefined) throw failed(status, target, 'memoryFullInfo');
  return new PfullmemRecord(scratch);
}

/** One pid's outcome in a batch: its pmem, or the error memoryInfo(pid) would have thrown. */
export type MemoryInfoResult =
  | { readonly pid: number; readonly memory: Pmem; readonly error?: undefined }
  | { readonly pid: number; readonly memory?: undefined; readonly error: Error };

function pidArray(pids: Iterable<number>): Int32Array {
  if (pids === null || typeof pids !== 'object' || typeof (pids as Iterable<number>)[Symbol.iterator] !== 'function') {
    throw invalidArgType('pids', 'an iterable of pids', pids);
  }
  return Int32Array.from(pids, (pid, i) => checkPid(`pids[${i}]`, pid));
}

function results(pids: Int32Array, { values, statuses }: ManyResult): MemoryInfoResult[] {
  const stride = native.maxFields;
  return Array.from(pids, (pid, i) => {
    const status = statuses[i];
    if (status !== 0) return { pid, error: failed(status, pid, 'memoryInfo') };
    return { pid, memory: new PmemRecord(values.subarray(i * stride, (i + 1) * stride)) };
  });
}

/**
 * memoryInfo() of many pids in one native call, for monitors sampling hundreds of processes.
 * Never throws for a single pid: each result has `memory` or `error` (NoSuchProcess,
 * AccessDenied, ZombieProcess).
 */
export function memoryInfoMany(pids: Iterable<number>): MemoryInfoResult[] {
  const list = pidArray(pids);
  return results(list, native.memoryInfoMany(list));
}

/** memoryInfoMany() on the libuv thread pool: the main thread does not wait on procfs. */
export async function memoryInfoManyAsync(pids: Iterable<number>): Promise<MemoryInfoResult[]> {
  const list = pidArray(pids);
  return results(list, await native.memoryInfoManyAsync(list));
}
