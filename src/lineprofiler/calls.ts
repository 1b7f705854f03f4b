// Runs profiled calls, on either path: which profiled call a line event belongs to, and the
// call's lifetime for plain, async and generator functions.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Measured, Meters } from './memory.js';

export type FunctionKind = 'plain' | 'async' | 'generator' | 'asyncGenerator';

/** One profiled call, as a path records it (inspector/run.ts, instrument/code.ts). */
export interface Run {
  /** what is profiled: one per function source, shared by the calls of every closure */
  readonly code: object;
  parent: Run | undefined;
  readonly finished: boolean;
  /** before the call starts (the inspector path sets its breakpoints) */
  begin(): void;
  /** the call suspended at a yield: its frames return, to resume on the line they left */
  suspend(): void;
  /** the call has ended: its frames return (memory_profiler's 'return' events) */
  finish(): void;
}

const kinds = new Map<unknown, FunctionKind>([
  [Object.getPrototypeOf(async function () {}), 'async'],
  [Object.getPrototypeOf(function* () {}), 'generator'],
  [Object.getPrototypeOf(async function* () {}), 'asyncGenerator'],
]);

export function kindOf(fn: Function): FunctionKind {
  return kinds.get(Object.getPrototypeOf(fn)) ?? 'plain';
}

type Step = (...args: unknown[]) => unknown;

/** The profiled calls going on, in the runtime (runtime.ts). */
export class ProfiledCalls {
  // The innermost profiled call of this execution context, through awaits and timers too:
  // concurrent calls of one async function each get their own line events.
  readonly #current = new AsyncLocalStorage<Run>();
  #active = 0;
  /** Calls not over yet, with what to do when they are: a generator nobody finishes, an async
   * call still waiting when the process exits, end there and print what they recorded. */
  readonly #unfinished = new Map<Run, (run: Run) => void>();
  #endAtExit = false;

  /** `whenIdle` runs each time the last profiled call going on ends. */
  constructor(private readonly meters: Meters, private readonly whenIdle: () => void) {}

  /** The innermost profiled call of `code` in this execution context, if any. */
  currentRunOf(code: object): Run | undefined {
    let run = this.#current.getStore();
    while (run !== undefined && run.code !== code) run = run.parent;
    return run;
  }

  /** Whether no profiled call is going on. */
  idle(): boolean {
    return this.#active === 0;
  }

  /**
   * Within the profiler's own work, calls `invoke` (through `measured`) as the profiled call
   * `run`; `done` gets the run once the call is over: when a plain function returns or throws,
   * an async one settles, a generator finishes.
   */
  call(measured: Measured, run: Run, kind: FunctionKind, invoke: () => unknown, done: (run: Run) => void): unknown {
    run.begin();
    run.parent = this.#current.getStore();
    this.#active += 1;
    this.#unfinished.set(run, done);
    if (!this.#endAtExit) {
      this.#endAtExit = true;
      process.on('exit', () => {
        for (const [pending, whenDone] of this.#unfinished) this.#end(pending, whenDone);
      });
    }
    let result: unknown;
    try {
      result = this.#current.run(run, measured, invoke);
    } catch (error) {
      this.#end(run, done);
      throw error;
    }
    switch (kind) {
      case 'async':
        return (result as Promise<unknown>).then(
          (value) => {
            this.#end(run, done);
            return value;
          },
          (error: unknown) => {
            this.#end(run, done);
            throw error;
          },
        );
      case 'generator':
      case 'asyncGenerator':
        return this.#profiledIterator(result as object, run, kind === 'asyncGenerator', done);
      default:
        this.#end(run, done);
        return result;
    }
  }

  #end(run: Run, done: (run: Run) => void): void {
    if (run.finished) return;
    this.meters.own(() => {
      this.#unfinished.delete(run);
      run.finish();
      this.#active -= 1;
      if (this.#active === 0) {
        // AsyncLocalStorage costs every promise while enabled
        this.#current.disable();
        this.whenIdle();
      }
      done(run);
    });
  }

  #profiledIterator(iterator: object, run: Run, isAsync: boolean, done: (run: Run) => void): object {
    const steps = new Map<PropertyKey, Step>();
    // steps asked for and not settled: an async generator asked again runs on past its yield
    let pending = 0;
    // an async generator's step settles later, outside the step's own work
    const settle = (result: IteratorResult<unknown>) => this.meters.own(() => {
      pending -= 1;
      if (result.done) this.#end(run, done);
      // a generator that yielded has returned for now, as Python's does (its 'return' event)
      else if (pending === 0) run.suspend();
      return result;
    });
    const fail = (error: unknown): never => {
      pending -= 1;
      this.#end(run, done);
      throw error;
    };
    const step = (method: Step): Step => (...args) => this.meters.own((measured) => {
      pending += 1;
      let result: unknown;
      try {
        result = this.#current.run(run, measured, () => Reflect.apply(method, iterator, args));
      } catch (error) {
        return fail(error);
      }
      return isAsync ? (result as Promise<IteratorResult<unknown>>).then(settle, fail) : settle(result as IteratorResult<unknown>);
    });
    return new Proxy(iterator, {
      get(target, key) {
        const value = Reflect.get(target, key, target) as unknown;
        if (key !== 'next' && key !== 'return' && key !== 'throw') return value;
        let wrapped = steps.get(key);
        if (wrapped === undefined) steps.set(key, (wrapped = step(value as Step)));
        return wrapped;
      },
    });
  }
}
