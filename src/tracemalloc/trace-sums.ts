// Live bytes and objects summed per traceback, the way both engines build their Traces.
import { Trace } from './trace.js';
import type { Traceback } from './traceback.js';

export class TraceSums {
  readonly #sums = new Map<Traceback, { size: number; count: number }>();

  add(traceback: Traceback, size: number, count: number): void {
    const sum = this.#sums.get(traceback);
    if (sum) {
      sum.size += size;
      sum.count += count;
    } else {
      this.#sums.set(traceback, { size, count });
    }
  }

  traces(): Trace[] {
    return [...this.#sums].map(([traceback, sum]) => new Trace(sum.size, sum.count, traceback));
  }
}
