// V8's used heap, and the part of it in the young generation, where new objects (large ones
// included) are allocated.
import v8 from 'node:v8';

const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

export interface HeapLevels {
  /** bytes: V8's used heap, as process.memoryUsage().heapUsed */
  used: number;
  /** bytes used in the young generation */
  young: number;
}

export function readHeapLevels(into: HeapLevels): void {
  let used = 0;
  let young = 0;
  for (const space of v8.getHeapSpaceStatistics()) {
    used += space.space_used_size;
    if (YOUNG_SPACES.has(space.space_name)) young += space.space_used_size;
  }
  into.used = used;
  into.young = young;
}
