// Tracebacks from V8 stacks: user frames only, the most recent `nframe` of them, interned.
import type { Frame } from './frame.js';
import { Traceback } from './traceback.js';

export class TracebackBuilder {
  readonly #nframe: number;
  readonly #tracebacks = new Map<string, Traceback>();

  constructor(nframe: number) {
    this.#nframe = nframe;
  }

  /** `recentFirst`: user frames from the most recent outwards; null when there are none. */
  build(recentFirst: readonly Frame[]): Traceback | null {
    if (recentFirst.length === 0) return null;
    const frames = recentFirst.slice(0, this.#nframe).reverse();
    const key = frames.map((f) => f.key).join('\n');
    let traceback = this.#tracebacks.get(key);
    if (traceback === undefined) this.#tracebacks.set(key, (traceback = new Traceback(frames)));
    return traceback;
  }
}
