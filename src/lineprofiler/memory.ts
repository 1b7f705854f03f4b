// The memory readings of the line profiler: taken as each breakpoint hook starts and ends, per
// backend in use, as memory_profiler's _get_memory(-1, backend).
import { memoryFullInfo, memoryInfo } from '../psutil/index.js';
import { HeapMeter } from './heap-meter.js';
import type { DebuggerSession } from './inspector/session.js';
import { ProbeHeapMeter } from './instrument/heap-meter.js';

/** rss and uss: the process as the kernel sees it (psutil); heap: V8's used heap. */
export type LineBackend = 'rss' | 'heap' | 'uss';
export const LINE_BACKENDS: readonly LineBackend[] = ['rss', 'heap', 'uss'];

const MIB = 2 ** 20;

/**
 * `reading` (MiB) is the memory when the latest hook started; `userGrowth` (MiB) sums what the
 * profiled code changed between hooks, less the profiler's own work between them (pause()).
 */
export interface Meter {
  /** whether its locations need calibration twins (heap-meter.ts) */
  readonly calibrates: boolean;
  /** before each profiled call of the inspector path starts, with its session */
  prepare(session: DebuggerSession): void;
  /** the Debugger is off: no hooks run until it is on again */
  idle(): void;
  readonly reading: number;
  readonly userGrowth: number;
  /** at the breakpoint of location `location` */
  enter(location: number): void;
  /** at the calibration twin of `location`, hit right before its breakpoint (heap-meter.ts) */
  enterTwin(location: number): void;
  leave(): void;
  /**
   * at a probe of the instrumenting path: one reading as it starts stands for its end too (a
   * meter whose readings allocate measures what they add and leaves it out)
   */
  probe(): void;
  /**
   * the profiler's own work starts between two hooks (Meters.own): what changes until resume()
   * is left out of the interval (hooks it runs meanwhile, a calibration's, count for nothing)
   */
  pause(): void;
  resume(): void;
}

/**
 * rss or uss: the kernel's figures, taken as they are, one reading per hook as memory_profiler
 * takes one per event: each interval runs from one reading to the next, so the increments add
 * up to the last reading less the first. What the kernel's figure does while a hook runs cannot
 * be told apart from the profiled code's doing (young-generation pages the hook touches, a
 * collection its allocation starts that promotes the code's objects), so it is not left out.
 */
class KernelMeter implements Meter {
  readonly calibrates = false;
  reading = 0;
  userGrowth = 0;
  #last: number | null = null;
  #atPause: { level: number; growth: number; last: number | null } | null = null;

  constructor(private readonly read: () => number) {}

  prepare(): void {}

  /** What changed while no call ran counts on the next call's first line, as in memory_profiler. */
  idle(): void {}

  enter(): void {
    this.reading = this.read() / MIB;
    if (this.#last !== null) this.userGrowth += this.reading - this.#last;
    this.#last = this.reading;
  }

  enterTwin(): void {
    this.enter();
  }

  leave(): void {}

  probe(): void {
    this.enter();
  }

  pause(): void {
    this.#atPause = { level: this.read() / MIB, growth: this.userGrowth, last: this.#last };
  }

  /** As if the work since pause() had not run: the interval it split is measured as one. */
  resume(): void {
    const atPause = this.#atPause;
    this.#atPause = null;
    if (atPause === null) return;
    this.userGrowth = atPause.growth;
    this.#last = atPause.last === null ? null : atPause.last + (this.read() / MIB - atPause.level);
  }
}

/** Runs profiled code measured again, from within the profiler's own work (Meters.own). */
export type Measured = <T>(code: () => T) => T;

/**
 * The meters in use (one per backend and path, for as long as the process profiles) and the
 * one mark of the profiler's own work between two hooks: what it allocates or frees counts
 * toward no line.
 */
export class Meters {
  readonly #byKey = new Map<string, Meter>();
  // the same meters, walked by index: a hook allocates no iterator
  readonly #inUse: Meter[] = [];
  #pauses = 0;

  /**
   * The meter of `backend` for one path: the kernel's figures are read the same way on both,
   * the heap is measured between breakpoints with calibration twins, between probes with one
   * reading each.
   */
  meterFor(backend: LineBackend, forProbes = false): Meter {
    const key = backend === 'heap' && forProbes ? 'heap-probe' : backend;
    let meter = this.#byKey.get(key);
    if (meter === undefined) {
      switch (backend) {
        case 'rss':
          meter = new KernelMeter(() => memoryInfo().rss);
          break;
        case 'uss':
          meter = new KernelMeter(() => (memoryFullInfo() as { uss: number }).uss);
          break;
        case 'heap':
          meter = forProbes ? new ProbeHeapMeter() : new HeapMeter();
          break;
      }
      this.#byKey.set(key, meter);
      this.#inUse.push(meter);
    }
    return meter;
  }

  /** No hooks run until further notice (the inspector path turned its Debugger off). */
  idle(): void {
    for (const meter of this.#inUse) meter.idle();
  }

  /** Called first and last in every breakpoint hook. */
  enter(location: number): void {
    for (let i = 0; i < this.#inUse.length; i++) this.#inUse[i].enter(location);
  }

  enterTwin(location: number): void {
    for (let i = 0; i < this.#inUse.length; i++) this.#inUse[i].enterTwin(location);
  }

  leave(): void {
    for (let i = 0; i < this.#inUse.length; i++) this.#inUse[i].leave();
  }

  /** Called at each line event of the instrumenting path. */
  probe(): void {
    for (let i = 0; i < this.#inUse.length; i++) this.#inUse[i].probe();
  }

  /**
   * Runs `work` as the profiler's own work (breakpoints, bookkeeping, printing a table): left
   * out of every meter's figures, except the profiled code it runs through its `measured`
   * argument. `a` and `b` are passed on, so that a hot caller allocates no closure first.
   */
  own<T>(work: (measured: Measured) => T): T;
  own<T, A, B>(work: (measured: Measured, a: A, b: B) => T, a: A, b: B): T;
  own<T, A, B>(work: (measured: Measured, a?: A, b?: B) => T, a?: A, b?: B): T {
    if (this.#pauses++ === 0) this.#setPaused(true);
    try {
      return work(this.#measured, a, b);
    } finally {
      if (--this.#pauses === 0) this.#setPaused(false);
    }
  }

  readonly #measured: Measured = (code) => {
    const outer = this.#pauses;
    if (outer > 0) this.#setPaused(false);
    this.#pauses = 0;
    try {
      return code();
    } finally {
      this.#pauses = outer;
      if (outer > 0) this.#setPaused(true);
    }
  };

  #setPaused(paused: boolean): void {
    for (let i = 0; i < this.#inUse.length; i++) {
      if (paused) this.#inUse[i].pause();
      else this.#inUse[i].resume();
    }
  }
}
