// Samples another process on the event loop every `interval` seconds, on a fixed grid
// (start + k * interval) so slow reads do not make the period drift. Plain timer callbacks:
// at 100 Hz a promise and an abort listener per tick would cost more than the read itself.
import type { Reading } from './sampler.js';

export interface LoopOptions {
  /** seconds */
  readonly interval: number;
  /** stop after this many samples */
  readonly maxSamples?: number;
  /** settles when the watched process has exited: sampling stops at once */
  readonly exited?: Promise<unknown>;
}

export function sampleLoop(
  sample: () => Reading | undefined,
  onReading: (reading: Reading) => void,
  { interval, maxSamples = Infinity, exited }: LoopOptions,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    let count = 0;
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = () => {
      done = true;
      clearTimeout(timer);
      resolve();
    };
    exited?.then(finish, finish);
    const tick = () => {
      if (done) return;
      try {
        const reading = sample();
        if (reading === undefined) return finish();
        onReading(reading);
      } catch (error) {
        done = true;
        return reject(error);
      }
      count += 1;
      if (count >= maxSamples) return finish();
      timer = setTimeout(tick, Math.max(0, start + count * interval * 1000 - performance.now()));
    };
    tick();
  });
}
