// One memory reading in MiB per line event, as memory_profiler's _get_memory(-1, backend).
import v8 from 'node:v8';
import { memoryFullInfo, memoryInfo } from '../psutil/index.js';

/** rss and uss: the process as the kernel sees it (psutil); heap: V8's used heap. */
export type LineBackend = 'rss' | 'heap' | 'uss';
export const LINE_BACKENDS: readonly LineBackend[] = ['rss', 'heap', 'uss'];

const MIB = 2 ** 20;

export type MemoryReader = () => number;

export function readerFor(backend: LineBackend): MemoryReader {
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

/** True where memoryFullInfo() has the field (uss: Linux and macOS). */
export function backendAvailable(backend: LineBackend): boolean {
  if (backend !== 'uss') return true;
  return typeof (memoryFullInfo() as unknown as Record<string, unknown>).uss === 'number';
}
