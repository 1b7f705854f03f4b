// The memory readings of the line profiler: taken as each breakpoint hook starts and ends, per
// backend in use, as memory_profiler's _get_memory(-1, backend).
import { memoryFullInfo, memoryInfo } from '../psutil/index.js';
import { HeapMeter } from './heap-meter.js';
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
  /** before each profiled call starts */
  prepare(): void;
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
   * the profiler's own work starts between two hooks: what changes until resume() is left out
   * of the interval (hooks it runs meanwhile, a calibration's, count for nothing)
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

const meters = new Map<string, Meter>();
// the same meters, walked by index: a hook allocates no iterator
const inUse: Meter[] = [];

/** No hooks run until further notice (the inspector path turned its Debugger off). */
export function idleMeters(): void {
  for (const meter of inUse) meter.idle();
}

/**
 * The meter of `backend` for one path: the kernel's figures are read the same way on both, the
 * heap is measured between breakpoints with calibration twins, between probes with one
 * reading each.
 */
export function meterFor(backend: LineBackend, forProbes = false): Meter {
  const key = backend === 'heap' && forProbes ? 'heap-probe' : backend;
  let meter = meters.get(key);
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
    meters.set(key, meter);
    inUse.push(meter);
  }
  return meter;
}

/** Called first and last in every breakpoint hook. */
export function enterHook(location: number): void {
  for (let i = 0; i < inUse.length; i++) inUse[i].enter(location);
}

export function enterTwinHook(location: number): void {
  for (let i = 0; i < inUse.length; i++) inUse[i].enterTwin(location);
}

export function leaveHook(): void {
  for (let i = 0; i < inUse.length; i++) inUse[i].leave();
}

/** Called at each line event of the instrumenting path. */
export function probeHook(): void {
  for (let i = 0; i < inUse.length; i++) inUse[i].probe();
}

let pauses = 0;

function setPaused(paused: boolean): void {
  for (let i = 0; i < inUse.length; i++) {
    if (paused) inUse[i].pause();
    else inUse[i].resume();
  }
}

/**
 * The profiler's own work (breakpoints, bookkeeping, printing a table) between the profiled
 * code's lines starts: it is left out of every meter's figures until the matching
 * resumeMeters(). A wrapper calls it before it allocates anything.
 */
export function pauseMeters(): void {
  if (pauses++ === 0) setPaused(true);
}

export function resumeMeters(): void {
  if (--pauses === 0) setPaused(false);
}

/** Runs `work` between pauseMeters() and resumeMeters(). */
export function profilerWork<T>(work: () => T): T {
  pauseMeters();
  try {
    return work();
  } finally {
    resumeMeters();
  }
}

/** Within profilerWork: runs the profiled code, measured again. */
export function profiledCode<T>(code: () => T): T {
  const outer = pauses;
  if (outer > 0) setPaused(false);
  pauses = 0;
  try {
    return code();
  } finally {
    pauses = outer;
    if (outer > 0) setPaused(true);
  }
}
