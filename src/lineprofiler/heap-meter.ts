// The heap backend's meter: what the profiled code allocated in V8's heap between breakpoint
// hooks, without V8's own allocations for each breakpoint hit.
//
// V8 evaluates a breakpoint condition by materializing the paused frame's scopes and compiling
// the condition as a new script (reported to the inspector session, whose notification this
// thread parses): about 2.5 KB per hit, which depends on the location and changes as V8 warms
// up. So every location holds two breakpoints, a twin and the real one, evaluated one after
// the other at each hit: between the two hooks only V8's work runs, the same work as between
// the previous hook and the twin's. The code's allocation is the difference, less the bytes V8
// spends once per hit on a location with two breakpoints (`residual`, measured by
// heap-calibration.ts on a function that allocates nothing).
//
// Only the young generation is counted: new objects are allocated there, byte by byte, while
// the old generation grows in page-sized steps (V8 puts the compiled conditions there) on
// whatever line happens to run. Across a garbage collection the young level says nothing of
// what was allocated (V8 empties it, and may report it refilled by megabytes at once when it
// grows its semi-spaces); a collection lowers it, and a hit whose intervals saw it fall is
// counted as the location's usual hit (the median of its recent ones).
//
// The profiler's own work between two hooks (a profiled call starting or ending) pauses the
// meter: the interval it splits is measured as one, less that work and less the one reading's
// worth that the pause's and the resume's own readings add (hooks add theirs to every interval).
import { calibrate } from './inspector/heap-calibration.js';
import type { DebuggerSession } from './inspector/session.js';
import { readHeapLevels, type HeapLevels } from './heap-levels.js';
import type { Meter } from './memory.js';

const MIB = 2 ** 20;
const RECENT = 15;

/** The last RECENT allocations of one location's hits, for a hit that cannot be measured. */
class Recent {
  readonly #values: number[] = [];
  #next = 0;

  add(value: number): void {
    this.#values[this.#next] = value;
    this.#next = (this.#next + 1) % RECENT;
  }

  median(): number | undefined {
    if (this.#values.length === 0) return undefined;
    const sorted = [...this.#values].sort((a, b) => a - b);
    return sorted[sorted.length >> 1];
  }
}

export class HeapMeter implements Meter {
  readonly calibrates = true;
  reading = 0;
  #growth = 0;
  readonly #levels: HeapLevels = { used: 0, young: 0 };
  #lastExit: number | null = null;
  #twin: { location: number; allocated: number | null } | null = null;
  #residual = 0;
  #calibration: number[] | null = null;
  #calibrated = false;
  readonly #recent: Recent[] = [];
  #atPause: { young: number; reading: number; growth: number; lastExit: number | null } | null = null;

  get userGrowth(): number {
    return this.#growth / MIB;
  }

  #allocatedSinceExit(): number | null {
    readHeapLevels(this.#levels);
    this.reading = this.#levels.used / MIB;
    return this.#lastExit === null ? null : this.#levels.young - this.#lastExit;
  }

  /** A twin with no breakpoint after it (a script with the same hash) holds nothing back. */
  #releaseTwin(): void {
    const twin = this.#twin;
    this.#twin = null;
    if (twin !== null && twin.allocated !== null && twin.allocated >= 0) this.#growth += twin.allocated;
  }

  enterTwin(location: number): void {
    const allocated = this.#allocatedSinceExit();
    this.#releaseTwin();
    this.#twin = { location, allocated };
  }

  enter(location: number): void {
    const allocated = this.#allocatedSinceExit();
    if (this.#twin === null || this.#twin.location !== location) {
      this.#releaseTwin();
      if (allocated !== null && allocated >= 0) this.#growth += allocated;
      return;
    }
    const twin = this.#twin;
    this.#twin = null;
    const recent = (this.#recent[location] ??= new Recent());
    if (twin.allocated !== null && allocated !== null && twin.allocated >= 0 && allocated >= 0) {
      const code = twin.allocated - allocated;
      recent.add(code);
      this.#calibration?.push(code);
      // not clamped at 0: V8 now and then allocates a little more in one of the two intervals,
      // and only the sum over many hits cancels that out
      this.#growth += code - this.#residual;
    } else {
      this.#growth += (recent.median() ?? this.#residual) - this.#residual;
    }
  }

  leave(): void {
    readHeapLevels(this.#levels);
    this.#lastExit = this.#levels.young;
  }

  probe(): void {
    this.enter(-1);
    this.leave();
  }

  pause(): void {
    readHeapLevels(this.#levels);
    const young = this.#levels.young;
    // a second reading measures what one allocates: the pause's and the resume's readings add
    // that much to the measured side, where a hook's two readings add it to every interval
    readHeapLevels(this.#levels);
    this.#atPause = { young, reading: this.#levels.young - young, growth: this.#growth, lastExit: this.#lastExit };
  }

  /**
   * As if the work since pause() had not run: the interval it split is measured as one, so
   * that V8's work after the previous hook still cancels out against the twin's. A collection
   * meanwhile leaves the interval unmeasured.
   */
  resume(): void {
    const atPause = this.#atPause;
    this.#atPause = null;
    if (atPause === null) return;
    readHeapLevels(this.#levels);
    const work = this.#levels.young - atPause.young;
    this.#growth = atPause.growth;
    this.#twin = null;
    const { lastExit, reading } = atPause;
    this.#lastExit = lastExit !== null && work >= 0 && reading >= 0 ? lastExit + work + reading : null;
  }

  /** The residual is measured once, before the first profiled call. */
  prepare(session: DebuggerSession): void {
    if (this.#calibrated) return;
    this.#calibrated = true;
    calibrate(this, session);
  }

  idle(): void {
    this.#twin = null;
    this.#lastExit = null;
  }

  /** Between these two calls, every measured hit at a location measures the residual. */
  startCalibration(): void {
    this.#calibration = [];
  }

  endCalibration(): void {
    const samples = (this.#calibration ?? []).sort((a, b) => a - b);
    this.#calibration = null;
    if (samples.length > 0) this.#residual = Math.max(0, samples[samples.length >> 1]);
  }
}
