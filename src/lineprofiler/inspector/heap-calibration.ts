// Measures the heap meter's residual once, on a function that allocates nothing: what V8
// allocates at a hit of a location holding two breakpoints beyond the second one's own work.
import { acquire, codeOf, release } from './code.js';
import type { HeapMeter } from '../heap-meter.js';

const PROBE_TURNS = 32;
let calibrated = false;

function probe(turns: number): number {
  let turn = 0;
  while (turn < turns) {
    turn += 1;
  }
  return turn;
}

export function calibrateOnce(meter: HeapMeter): void {
  if (calibrated) return;
  calibrated = true;
  const code = codeOf(probe)!;
  acquire(code, true);
  meter.startCalibration();
  try {
    probe(PROBE_TURNS);
  } finally {
    meter.endCalibration();
    release(code);
  }
}
