// One call of an instrumented function: memory_profiler's call, line and return events, as the
// probes the transform put in the function report them (transform.ts names the methods).
import { CodeMap, type Recorder } from '../code-map.js';
import type { Meter, Meters } from '../memory.js';

const WARM_UP_EVENTS = 20000;

export class Frame {
  /**
   * `recorder` null: a call nobody profiles, whose probes do nothing. `prevline` is
   * memory_profiler's prevlines[-1], the line whose effect the next event measures; a call
   * starts on the function's first line.
   */
  constructor(private readonly recorder: Recorder | null, private prevline: number) {}

  /** A statement starts on `line`: a line event if the frame was on another line. */
  l(line: number): void {
    if (this.recorder !== null && line !== this.prevline) this.event(line);
  }

  /** A call's last argument `value` is evaluated on another line: the call is on `line`. */
  b<T>(line: number, value: T): T {
    this.l(line);
    return value;
  }

  /** A loop's test on `line`: a line event at every evaluation, as Python's jump back. */
  j(line: number): void {
    if (this.recorder !== null) this.event(line);
  }

  /**
   * The call suspends at an await or yield of `value`: it returns (memory_profiler's 'return'
   * event), and resumes on the same line, which the next line event measures again.
   */
  s<T>(value: T): T {
    if (this.recorder !== null) this.trace();
    return value;
  }

  /** The call returns or throws. */
  x(): void {
    if (this.recorder !== null) this.trace();
  }

  /** A for-of loop's iterable: the loop's head `line` is a line event at each step. */
  of<T>(line: number, iterable: Iterable<T>): Iterable<T> {
    if (this.recorder === null) return iterable;
    return {
      [Symbol.iterator]: () => {
        const iterator = iterable[Symbol.iterator]();
        return {
          next: (value?: unknown) => {
            this.j(line);
            return iterator.next(value);
          },
          return: (value?: unknown) => (typeof iterator.return === 'function' ? iterator.return(value) : { done: true, value }) as IteratorResult<T>,
        };
      },
    };
  }

  /** A for-await loop's async iterable: each step is a line event on its head and a suspension. */
  oa<T>(line: number, iterable: AsyncIterable<T>): AsyncIterable<T> {
    if (this.recorder === null || typeof iterable?.[Symbol.asyncIterator] !== 'function') return iterable;
    return {
      [Symbol.asyncIterator]: () => {
        const iterator = iterable[Symbol.asyncIterator]();
        return {
          next: (value?: unknown) => {
            this.j(line);
            this.trace();
            return iterator.next(value);
          },
          return: (value?: unknown) => (typeof iterator.return === 'function' ? iterator.return(value) : Promise.resolve({ done: true, value })) as Promise<IteratorResult<T>>,
        };
      },
    };
  }

  private event(line: number): void {
    this.trace();
    this.prevline = line;
  }

  /** CodeMap.trace(code, prevline, prev_lineno) with a reading taken now, then prev_lineno = prevline. */
  private trace(): void {
    const { map, state, meter, meters } = this.recorder!;
    meters.probe();
    map.trace(meter, this.prevline, state.prevLineno);
    state.prevLineno = this.prevline;
  }
}

/** The frame of every call nobody profiles. */
export const UNPROFILED = new Frame(null, 0);

const warmed = new WeakSet<Meter>();

/**
 * Runs line events through a scratch table until V8 has optimized the probes: until then they
 * allocate (numbers boxed by the interpreter), which a heap meter would count on the profiled
 * lines. The meter's figures are left as they were.
 */
export function warmUpProbes(meter: Meter, meters: Meters): void {
  if (warmed.has(meter)) return;
  warmed.add(meter);
  meters.own(() => {
    const frame = new Frame({ map: new CodeMap(), state: { prevLineno: null }, meter, meters }, 1);
    for (let i = 0; i < WARM_UP_EVENTS; i++) {
      frame.j(2);
      frame.l(3);
    }
    frame.x();
  });
}
