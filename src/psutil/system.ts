// System-wide: virtual_memory(), swap_memory(), pids(), pid_exists().
import fs from 'node:fs';
import { systemError } from '../syserror.js';
import { invalidArgType } from '../validate.js';
import { native } from './native.js';
import { SswapRecord, SvmemRecord, type Sswap, type Svmem } from './records.js';

const scratch = native.scratch;
let totalPhysicalMemory = 0;

/** psutil.virtual_memory(): bytes, `percent` of total in use, rounded to 0.1. */
export function virtualMemory(): Svmem {
  const status = native.virtualMemory();
  if (status !== undefined) throw systemError(status, 'virtualMemory');
  const memory = new SvmemRecord(scratch);
  totalPhysicalMemory = memory.total;
  return memory;
}

/** Total RAM, remembered from the last virtualMemory() as psutil does for memory_percent(). */
export function totalPhysical(): number {
  return totalPhysicalMemory || virtualMemory().total;
}

/** psutil.swap_memory(). */
export function swapMemory(): Sswap {
  const status = native.swapMemory();
  if (status !== undefined) throw systemError(status, 'swapMemory');
  return new SswapRecord(scratch);
}

/** psutil.pids(): every process id, sorted. */
export function pids(): number[] {
  const list = native.pids();
  if (typeof list === 'number') throw systemError(list, 'pids');
  return Array.from(list).sort((a, b) => a - b);
}

// Linux lets kill(2) and /proc/<n> reach thread ids too; psutil counts process ids only.
function isThreadGroupLeader(pid: number): boolean {
  try {
    const match = /^Tgid:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'latin1'));
    return match === null || Number(match[1]) === pid;
  } catch {
    return true;  // vanished or forbidden after kill() found it: psutil says it exists
  }
}

/** psutil.pid_exists(pid): false for negative pids. */
export function pidExists(pid: number): boolean {
  if (typeof pid !== 'number' || !Number.isInteger(pid)) throw invalidArgType('pid', 'an integer', pid);
  if (pid < 0 || pid > 0x7fffffff) return false;
  if (pid === 0) return pids().includes(0);  // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return process.platform !== 'linux' || isThreadGroupLeader(pid);
}
