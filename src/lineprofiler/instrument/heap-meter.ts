// The heap backend's meter for the instrumenting path: V8's used heap, read twice per probe.
//
// A probe is a plain function call, so between two probes only the profiled code runs, and the
// probes' own readings. v8.getHeapStatistics() allocates its result object (about 600 bytes)
// unless V8 has optimized the reading so that the object never escapes, which depends on where
// V8 inlined it (the profiled function's optimized code may hold the whole probe). So each probe
// reads twice in a row, from one place: the difference is what a reading adds to the interval
// after it, measured where and when it happens, and taken off. The rest of a probe (the table's
// bookkeeping) allocates nothing once V8 has optimized it (frame.ts warms the probes up). A
// garbage collection lowers the used heap: an interval that saw it fall is left at 0.
import v8 from 'node:v8';
import type { Meter } from '../memory.js';

const MIB = 2 ** 20;

function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

export class ProbeHeapMeter implements Meter {
  readonly calibrates = false;
  reading = 0;
  #growth = 0;
  #lastExit: number | null = null;
  #atPause: { level: number; growth: number; lastExit: number | null } | null = null;
  /** bytes one reading adds to the interval after it, as last measured */
  #cost = 0;

  get userGrowth(): number {
    return this.#growth / MIB;
  }

  prepare(): void {}

  idle(): void {}

  enter(): void {
    this.#measure(usedHeap());
  }

  #measure(used: number): void {
    this.reading = used / MIB;
    if (this.#lastExit === null) return;
    // a collection meanwhile: what the interval allocated is unknown
    if (used >= this.#lastExit) this.#growth += used - this.#lastExit - this.#cost;
  }

  enterTwin(): void {
    this.enter();
  }

  leave(): void {
    this.#lastExit = usedHeap();
  }

  probe(): void {
    const first = usedHeap();
    const second = usedHeap();
    if (second >= first) this.#cost = second - first;
    this.#measure(first);
    this.#lastExit = second;
  }

  pause(): void {
    this.#atPause = { level: usedHeap(), growth: this.#growth, lastExit: this.#lastExit };
  }

  /**
   * As if the work since pause() had not run: the interval it split is measured as one, with
   * the one reading too many that the pause's and the resume's add taken off.
   */
  resume(): void {
    const atPause = this.#atPause;
    this.#atPause = null;
    if (atPause === null) return;
    const work = usedHeap() - atPause.level;
    this.#growth = atPause.growth;
    this.#lastExit = atPause.lastExit === null || work < 0 ? null : atPause.lastExit + work + this.#cost;
  }
}
