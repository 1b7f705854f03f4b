// The sections of `memkit demo`, each one tool's view of the workload.
import { lineProfileSection } from '../../lineprofiler/demo.js';
import { sizeofSection } from '../../sizeof/demo.js';
import { tracemallocSection } from '../../tracemalloc/demo.js';
import { EAT_N, MemEater } from './mem-eater.js';
import { psutilSection } from './psutil-section.js';
import { resourceSection } from './resource-section.js';
import type { DemoSection } from './section.js';

interface Sections {
  /** in the order they print */
  readonly printed: DemoSection[];
  /**
   * Outermost first: before() runs in this order and after() in reverse, so the light readings
   * bracket the workload tightly, tracing runs inside them only, and the heap snapshots and the
   * line profiler's own run stay outside tracing.
   */
  readonly nested: DemoSection[];
}

export function sections(): Sections {
  const resource = resourceSection();
  const psutil = psutilSection();
  const tracemalloc = tracemallocSection();
  const sizeof = sizeofSection();
  const lines = lineProfileSection(MemEater, EAT_N);
  return { printed: [resource, psutil, tracemalloc, sizeof, lines], nested: [sizeof, lines, tracemalloc, resource, psutil] };
}

