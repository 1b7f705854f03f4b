// One memory reading of a process (and its descendants), in MiB, as memory_profiler's
// _get_memory / _get_child_memory take it: one native read per process.
import { memoryFullInfo, memoryInfo, memoryInfoMany, NoSuchProcess, pfullmemFields, Process } from '../psutil/index.js';
import type { Backend } from './backends.js';

export { BACKENDS, type Backend } from './backends.js';

export interface SamplerOptions {
  readonly backend: Backend;
  /** add the descendants' memory to the process's own (memory_profiler include_children) */
  readonly includeChildren: boolean;
  /** also report each descendant apart (memory_profiler multiprocess) */
  readonly multiprocess: boolean;
}

export interface Reading {
  /** MiB */
  readonly mem: number;
  /** unix time, seconds */
  readonly ts: number;
  /** [pid, MiB] per descendant, filled only with `multiprocess` */
  readonly children: ReadonlyArray<readonly [pid: number, mem: number]>;
}

const MIB = 2 ** 20;

/** Throws a clear error if this platform has no such field (uss: Linux/macOS, pss: Linux). */
export function checkBackend(backend: Backend): void {
  if (backend !== 'rss' && !pfullmemFields.includes(backend)) {
    throw new Error(`backend '${backend}' is not available on ${process.platform}: memoryFullInfo() has no ${backend}`);
  }
}

function bytesOf(pid: number, backend: Backend): number {
  if (backend === 'rss') return memoryInfo(pid).rss;
  return (memoryFullInfo(pid) as unknown as Record<Backend, number>)[backend];
}

/** Memory of each pid, skipping those that vanished or may not be read. */
function childBytes(pids: number[], backend: Backend): Array<[number, number]> {
  if (backend === 'rss') {
    return memoryInfoMany(pids).flatMap((r) => (r.memory ? [[r.pid, r.memory.rss] as [number, number]] : []));
  }
  return pids.flatMap((pid) => {
    try {
      return [[pid, bytesOf(pid, backend)] as [number, number]];
    } catch {
      return [];
    }
  });
}

export function createSampler(pid: number, options: SamplerOptions): () => Reading | undefined {
  const target = options.includeChildren || options.multiprocess ? new Process(pid) : undefined;
  /** undefined once the process is gone: the caller stops sampling. */
  return function sample(): Reading | undefined {
    let own: number;
    let kids: Array<[number, number]> = [];
    try {
      own = bytesOf(pid, options.backend);
      if (target) kids = childBytes(target.children({ recursive: true }).map((child) => child.pid), options.backend);
    } catch (error) {
      if (error instanceof NoSuchProcess) return undefined;
      throw error;
    }
    const ts = Date.now() / 1000;
    const childMem = options.includeChildren ? kids.reduce((sum, [, bytes]) => sum + bytes, 0) : 0;
    return {
      mem: (own + childMem) / MIB,
      ts,
      children: options.multiprocess ? kids.map(([child, bytes]) => [child, bytes / MIB] as const) : [],
    };
  };
}
