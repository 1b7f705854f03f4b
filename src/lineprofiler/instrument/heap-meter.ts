// The heap backend's meter for the instrumenting path: V8's used heap, read once per probe.
//
// A probe is a plain function call, so between two probes only the profiled code runs, and the
// one reading each probe takes. v8.getHeapStatistics() allocates its result object (about 600
// bytes) until V8 optimizes the reading, and nothing after (the object never escapes): what a
// reading costs is measured (two readings back to back) once warm, and again every so many
// probes, and taken off each interval. Everything else a probe does (the table's bookkeeping)
// allocates nothing once a line has its row. A garbage collection lowers the used heap: an
// interval that saw it fall is left at 0.
import v8 from 'node:v8';
import type { Meter } from '../memory.js';

const MIB = 2 ** 20;
const WARM_UP_READINGS = 20000;
const CALIBRATION_READINGS = 15;
const PROBES_BETWEEN_CALIBRATIONS = 1024;

function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

/** Bytes one reading adds to the next one: the median of back-to-back differences. */
function readingCost(): number {
  const steps: number[] = [];
  let previous = usedHeap();
  for (let k = 0; k < CALIBRATION_READINGS; k++) {
    const now = usedHeap();
    steps.push(now - previous);
    previous = now;
  }
  steps.sort((a, b) => a - b);
  return Math.max(0, steps[steps.length >> 1]);
}

function warmedUpCost(): number {
  for (let k = 0; k < WARM_UP_READINGS; k++) usedHeap();
  return readingCost();
}

export class ProbeHeapMeter implements Meter {
  readonly calibrates = false;
  reading = 0;
  #growth = 0;
  #lastExit: number | null = null;
  /** bytes: the latest reading */
  #used = 0;
  #atPause: { level: number; growth: number; lastExit: number | null } | null = null;
  #cost = warmedUpCost();
  #probesToCalibration = PROBES_BETWEEN_CALIBRATIONS;

  get userGrowth(): number {
    return this.#growth / MIB;
  }

  prepare(): void {}

  idle(): void {}

  enter(): void {
    const used = (this.#used = usedHeap());
    this.reading = used / MIB;
    if (this.#lastExit === null) return;
    const allocated = used - this.#lastExit - this.#cost;
    // a collection meanwhile: what the interval allocated is unknown
    if (used >= this.#lastExit) this.#growth += allocated;
  }

  enterTwin(): void {
    this.enter();
  }

  leave(): void {
    this.#lastExit = usedHeap();
  }

  probe(): void {
    this.enter();
    this.#lastExit = this.#used;
    if (--this.#probesToCalibration === 0) this.#calibrate();
  }

  /** Measures a reading again: the next interval starts after the two readings it takes. */
  #calibrate(): void {
    this.#probesToCalibration = PROBES_BETWEEN_CALIBRATIONS;
    const first = usedHeap();
    const second = usedHeap();
    if (second >= first) this.#cost = second - first;
    if (this.#lastExit !== null) this.#lastExit = second;
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
