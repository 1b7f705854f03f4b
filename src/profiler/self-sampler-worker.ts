// Worker thread that samples its own process while the main thread runs the profiled
// function, which may block the event loop for its whole run (memory_profiler's MemTimer).
// It sleeps in Atomics.wait on a shared flag, so the main thread stops it without an event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { createSampler, type Reading, type SamplerOptions } from './sampler.js';

export interface SelfSamplerData {
  readonly pid: number;
  readonly interval: number;
  readonly timeout: number | undefined;
  readonly options: SamplerOptions;
  /** Int32Array over a SharedArrayBuffer: [0] becomes 1 when the main thread says stop */
  readonly control: Int32Array;
}

export type SelfSamplerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly readings: Reading[] }
  | { readonly type: 'error'; readonly error: unknown };

const { pid, interval, timeout, options, control } = workerData as SelfSamplerData;
const port = parentPort!;

try {
  const sample = createSampler(pid, options);
  const readings: Reading[] = [];
  const keep = (reading: Reading | undefined) => reading && readings.push(reading);
  keep(sample()); // the baseline, taken before the function starts
  port.postMessage({ type: 'ready' } satisfies SelfSamplerMessage);
  const start = performance.now();
  const stopAt = timeout === undefined ? Infinity : start + timeout * 1000;
  for (let tick = 1; ; tick++) {
    const due = start + tick * interval * 1000;
    if (due > stopAt) {
      Atomics.wait(control, 0, 0);
      break;
    }
    if (Atomics.wait(control, 0, 0, Math.max(0, due - performance.now())) !== 'timed-out') break;
    keep(sample());
  }
  keep(sample()); // the function has returned: one last reading, as MemTimer takes
  port.postMessage({ type: 'done', readings } satisfies SelfSamplerMessage);
} catch (error) {
  port.postMessage({ type: 'error', error } satisfies SelfSamplerMessage);
}
