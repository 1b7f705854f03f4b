// Measures the heap meter's residual, on a function that allocates nothing: what V8 allocates at
// a hit of a location holding two breakpoints beyond the second one's own work.
import { codeOf } from './code.js';
import type { DebuggerSession } from './session.js';
import type { HeapMeter } from '../heap-meter.js';

const PROBE_TURNS = 32;

function probe(turns: number): number {
  let turn = 0;
  while (turn < turns) {
    turn += 1;
  }
  return turn;
}

export function calibrate(meter: HeapMeter, session: DebuggerSession): void {
  session.acquire(codeOf(probe, session)!, true);
  meter.startCalibration();
  try {
    probe(PROBE_TURNS);
  } finally {
    meter.endCalibration();
  }
}
