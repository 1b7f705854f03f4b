// One memory reading in MiB per line event, as memory_profiler's _get_memory(-1, backend).
import v8 from 'node:v8';
import { memoryFullInfo, memoryInfo } from '../psutil/index.js';

/** rss and uss: the process as the kernel sees it (psutil); heap: V8's used heap. */
export type LineBackend = 'rss' | 'heap' | 'uss';
export const LINE_BACKENDS: readonly LineBackend[] = ['rss', 'heap', 'uss'];

const MIB = 2 ** 20;

type Read = () => number;

function readFor(backend: LineBackend): Read {
  switch (backend) {
    case 'rss':
      return () => memoryInfo().rss / MIB;
    case 'heap':
      // garbage included (V8 frees it only at the next GC), as process.memoryUsage().heapUsed
      return () => v8.getHeapStatistics().used_heap_size / MIB;
    case 'uss':
      return () => (memoryFullInfo() as { uss: number }).uss / MIB;
  }
}

/**
 * One backend's readings, taken as each breakpoint hook starts and ends. `reading` is the
 * memory when the hook started; `userGrowth` sums the changes between one hook's end and the
 * next one's start, so the profiler's own allocations (stack walks, records) never count
 * toward the profiled code. For the heap, an interval in which memory fell (a garbage
 * collection) adds 0: the growth is then what the profiled code allocated.
 */
export class Meter {
  reading = 0;
  userGrowth = 0;
  #lastExit: number | null = null;
  /** What one reading itself adds after it is taken (v8.getHeapStatistics() makes an object). */
  readonly #readCost: number;

  constructor(
    private readonly read: Read,
    private readonly growthOnly: boolean,
  ) {
    const costs = Array.from({ length: 21 }, () => -read() + read()).sort((a, b) => a - b);
    this.#readCost = Math.max(0, costs[10]);
  }

  enter(): void {
    this.reading = this.read();
    if (this.#lastExit !== null) {
      const change = this.reading - this.#lastExit;
      this.userGrowth += this.growthOnly ? Math.max(0, change) : change;
    }
  }

  leave(): void {
    this.#lastExit = this.read() + this.#readCost;
  }
}

const meters = new Map<LineBackend, Meter>();

export function meterFor(backend: LineBackend): Meter {
  let meter = meters.get(backend);
  if (meter === undefined) {
    meter = new Meter(readFor(backend), backend === 'heap');
    meters.set(backend, meter);
  }
  return meter;
}

/** Called first and last in every breakpoint hook. */
export function enterHook(): void {
  for (const meter of meters.values()) meter.enter();
}

export function leaveHook(): void {
  for (const meter of meters.values()) meter.leave();
}
