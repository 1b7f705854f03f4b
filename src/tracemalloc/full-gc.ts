// A synchronous full GC. The inspector's HeapProfiler.collectGarbage answers only after a task
// has run it later, and tracemalloc's calls are synchronous like Python's, so borrow V8's own
// gc() extension: switched on just long enough to create one context that has it.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function fullGC(): void {
  if (gc === undefined) {
    const exposed = (globalThis as { gc?: () => void }).gc;
    if (typeof exposed === 'function') {
      gc = exposed;
    } else {
      setFlagsFromString('--expose-gc');
      try {
        gc = runInNewContext('gc') as () => void;
      } finally {
        setFlagsFromString('--no-expose-gc');
      }
    }
  }
  gc();
}
