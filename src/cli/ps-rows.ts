// The rows of `memkit ps`: psutil's pmem, read through the addon (loaded only when ps runs).
import { memoryInfoMany, pids as allPids, Process } from '../psutil/index.js';

export interface Row {
  pid: number;
  name: string;
  [field: string]: number | string;
}

/** The pids of processes whose effective user is ours, as `ps -u $USER` lists them. */
function ownPids(): number[] {
  const uid = process.geteuid?.();
  if (uid === undefined) return allPids();
  return allPids().filter((pid) => {
    try {
      return new Process(pid).uids().effective === uid;
    } catch {
      return false;
    }
  });
}

function nameOf(pid: number): string {
  try {
    return new Process(pid).name();
  } catch {
    return '?';
  }
}

/** Rows of the asked pids (all of this user's when none), and one message per asked pid that failed. */
export function readRows(asked: readonly number[]): { rows: Row[]; failures: string[] } {
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const result of memoryInfoMany(asked.length > 0 ? [...asked] : ownPids())) {
    if (result.memory) {
      rows.push({ pid: result.pid, name: nameOf(result.pid), ...(result.memory.asDict() as Record<string, number>) });
    } else if (asked.length > 0) {
      failures.push(result.error?.message ?? `pid ${result.pid}: no memory info`);
    }
  }
  return { rows, failures };
}
