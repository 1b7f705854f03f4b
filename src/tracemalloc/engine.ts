// What index.ts needs from a tracing engine (sampling profiler or allocation tracking).
import type { Trace } from './trace.js';
import type { Traceback } from './traceback.js';

/** Values V8 allocates on its heap with an identity of their own (not numbers, booleans...). */
export type Traceable = object | string | symbol | bigint;

export interface Engine {
  /** Live traces after a full GC, tracebacks cut to `nframe` user frames. */
  collect(nframe: number): Trace[];
  /** Forgets every trace; tracing goes on. */
  clear(): void;
  stop(): void;
  objectTraceback(value: Traceable, nframe: number): Traceback | null;
}
