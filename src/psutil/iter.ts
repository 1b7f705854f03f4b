// psutil.process_iter(): every process once, sorted by pid, with psutil's cache of Process objects.
import { NoSuchProcess } from './errors.js';
import { checkAttrs } from './attrs.js';
import { Process } from './process.js';
import { pids } from './system.js';

let cache = new Map<number, Process>();

function* iterate(attrs: Iterable<string> | null, adValue: unknown): Generator<Process, void, undefined> {
  const current = pids();  // the one enumeration of this call
  const map = new Map(cache);
  const alive = new Set(current);
  for (const pid of map.keys()) if (!alive.has(pid)) map.delete(pid);
  try {
    for (const pid of current) {
      try {
        let proc = map.get(pid);
        // A cached Process whose pid now belongs to another process is replaced.
        if (proc === undefined || !proc.isRunning()) {
          proc = new Process(pid);
          map.set(pid, proc);
        }
        if (attrs !== null) proc.info = proc.asDict(attrs, adValue);
        yield proc;
      } catch (error) {
        if (!(error instanceof NoSuchProcess)) throw error;
        map.delete(pid);  // vanished meanwhile: skipped
      }
    }
  } finally {
    cache = map;
  }
}

/**
 * psutil's process_iter(attrs, ad_value): a Process for every running process in pid order.
 * A pid seen by an earlier call gives the same Process object, unless the pid now belongs to
 * another process. With `attrs` (an empty array means all), each Process gets
 * `info = asDict(attrs, adValue)`. Processes that vanish while iterating are skipped.
 */
export function processIter(attrs?: Iterable<string> | null, adValue: unknown = null): Generator<Process, void, undefined> {
  return iterate(attrs === undefined || attrs === null ? null : checkAttrs(attrs), adValue);
}

/** psutil's process_iter.cache_clear(). */
processIter.cacheClear = (): void => {
  cache.clear();
};
