// memory_profiler's CodeMap for one profiled function: per line (increment, max memory,
// occurrences), updated by trace() as memory_profiler 0.61 does it, but for the increment.
//
// memory_profiler adds (memory now - the previous line's LARGEST reading): right while memory
// only grows, as in the CPython loops it was made for, but under V8 the readings go down at
// every garbage collection and that sum runs to hundreds of negative MiB. memkit adds what the
// profiled code changed since the previous line event (Meter.userGrowth), which is the same
// while memory only grows, leaves out the profiler's own work between line events, and sums to
// the change over the call (memory.ts, heap-meter.ts).
import type { Meter, Meters } from './memory.js';

export interface LineMeasure {
  /** MiB: the sum over the line's events of what the code changed since the previous event */
  readonly increment: number;
  /** MiB: the largest reading taken for the line */
  readonly memory: number;
  readonly occurrences: number;
}

/** memory_profiler's LineProfiler.prev_lineno, shared by the calls one profiler records. */
export interface TraceState {
  prevLineno: number | null;
}

/** Where one profiler records one function's line events, with its meter. */
export interface Recorder {
  readonly map: CodeMap;
  readonly state: TraceState;
  readonly meter: Meter;
  /** every meter in use, which a probe reads */
  readonly meters: Meters;
}

interface Measure {
  increment: number;
  memory: number;
  occurrences: number;
}

export class CodeMap {
  readonly lines: ReadonlyMap<number, LineMeasure> = new Map<number, Measure>();
  #lastGrowth = 0;

  /** CodeMap.trace(code, lineno, prev_lineno), reading `meter` as its hook started. */
  trace(meter: Meter, lineno: number, prevLineno: number | null): void {
    // A call's first event has no previous line: its increment is the whole reading, as in
    // memory_profiler's first row.
    const delta = prevLineno === null ? meter.reading : meter.userGrowth - this.#lastGrowth;
    this.#lastGrowth = meter.userGrowth;
    // updated in place: a line event allocates nothing once its line has a row
    const lines = this.lines as Map<number, Measure>;
    const measure = lines.get(lineno);
    if (measure === undefined) {
      lines.set(lineno, { increment: delta, memory: meter.reading, occurrences: 1 });
      return;
    }
    measure.increment += delta;
    measure.memory = Math.max(meter.reading, measure.memory);
    measure.occurrences += 1;
  }
}
