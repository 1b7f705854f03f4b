// getTracedMemory(): V8 heap growth since start(). V8 learns that memory is free only at a GC,
// so between GCs the heap only grows and its peak is reached just before some GC: read each
// GC's "before" size from v8.GCProfiler, plus the size now.
import { GCProfiler, getHeapStatistics } from 'node:v8';

const used = (): number => getHeapStatistics().used_heap_size;
const handles = (): number => getHeapStatistics().used_global_handles_size;

/**
 * V8 does not report its profilers' memory. The sampler holds one weak global handle (32 bytes,
 * counted by V8) per live sample, plus a Sample record and its hash-map entry (about 72 bytes in
 * V8 11-12, not counted): scale the handles by that. The allocation tracker's tables are not
 * visible at all.
 */
const SAMPLE_BYTES_PER_HANDLE_BYTE = (32 + 72) / 32;

export class TracedMemory {
  readonly #profiler = new GCProfiler();
  /** Heap in use at start(), right after a full GC: what tracing does not count. */
  readonly #baseline: number;
  readonly #handles = handles();
  #peak = 0;

  constructor() {
    this.#baseline = used();
    this.#profiler.start();
  }

  #harvest(): void {
    const result = this.#profiler.stop() as { statistics?: { beforeGC: { heapStatistics: { usedHeapSize: number } } }[] } | undefined;
    this.#profiler.start();
    for (const gc of result?.statistics ?? []) {
      this.#peak = Math.max(this.#peak, gc.beforeGC.heapStatistics.usedHeapSize - this.#baseline);
    }
  }

  /** [current, peak] in bytes. */
  get(): [number, number] {
    this.#harvest();
    const current = Math.max(0, used() - this.#baseline);
    this.#peak = Math.max(this.#peak, current);
    return [current, this.#peak];
  }

  resetPeak(): void {
    this.#harvest();
    this.#peak = 0;
    this.#peak = this.get()[0];
  }

  /** getTracemallocMemory(): an estimate, see SAMPLE_BYTES_PER_HANDLE_BYTE. */
  tracerMemory(): number {
    return Math.round(Math.max(0, handles() - this.#handles) * SAMPLE_BYTES_PER_HANDLE_BYTE);
  }

  stop(): void {
    this.#profiler.stop();
  }
}
