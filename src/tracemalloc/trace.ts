// tracemalloc.Trace. One trace stands for `count` live objects sharing a traceback: V8 reports
// objects per allocation stack, and in sampling mode both numbers are unbiased estimates.
import { inspect } from 'node:util';
import { formatSize } from './format-size.js';
import type { Traceback } from './traceback.js';

export class Trace {
  readonly size: number;
  readonly count: number;
  readonly traceback: Traceback;

  constructor(size: number, count: number, traceback: Traceback) {
    this.size = size;
    this.count = count;
    this.traceback = traceback;
    Object.freeze(this);
  }

  toString(): string {
    return `${this.traceback}: ${formatSize(this.size)}`;
  }

  [inspect.custom](): string {
    return `<Trace size=${formatSize(this.size)}, count=${Math.round(this.count)}, traceback=${this.traceback[inspect.custom]()}>`;
  }
}
