// memory_profiler's CodeMap for one profiled function: per line (increment, max memory,
// occurrences), updated by trace() exactly as memory_profiler 0.61 does it.
export interface LineMeasure {
  /** MiB: the sum over the line's events of (memory now - max memory of the previous line) */
  readonly increment: number;
  /** MiB: the largest reading taken for the line */
  readonly memory: number;
  readonly occurrences: number;
}

export class CodeMap {
  readonly lines = new Map<number, LineMeasure>();

  /** CodeMap.trace(code, lineno, prev_lineno) with `memory` already read. */
  trace(memory: number, lineno: number, prevLineno: number | null): void {
    const previous = this.lines.get(lineno);
    const previousLine = prevLineno ? this.lines.get(prevLineno) : undefined;
    const previousLineMemory = previousLine ? previousLine.memory : 0;
    this.lines.set(lineno, {
      increment: (previous ? previous.increment : 0) + (memory - previousLineMemory),
      memory: Math.max(memory, previous ? previous.memory : 0),
      occurrences: previous ? previous.occurrences + 1 : 1,
    });
  }
}
