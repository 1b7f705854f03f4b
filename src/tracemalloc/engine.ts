// What index.ts needs from a tracing engine (sampling profiler or allocation tracking).
import type { Trace } from './trace.js';
import type { Traceback } from './traceback.js';

export interface Engine {
  /** Live traces after a full GC, tracebacks cut to `nframe` user frames. */
  collect(nframe: number): Trace[];
  /** Forgets every trace; tracing goes on. */
  clear(): void;
  stop(): void;
  objectTraceback(object: object, nframe: number): Traceback | null;
}
