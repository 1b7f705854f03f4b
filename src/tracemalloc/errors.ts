// The errors tracemalloc raises beyond argument checks, each with a `code`.

function withCode<E extends Error>(error: E, code: string): E {
  (error as NodeJS.ErrnoException).code = code;
  return error;
}

/** Python raises RuntimeError with this message; JavaScript's closest is a plain Error. */
export const notTracing = (): Error =>
  withCode(new Error('the tracemalloc module must be tracing memory allocations to take a snapshot'), 'ERR_TRACEMALLOC_NOT_TRACING');

export const inspectorBusy = (what: string): Error =>
  withCode(
    new Error(`the V8 ${what} is already in use by another inspector session (a debugger, a profiler or another copy of memkit); stop it there first`),
    'ERR_TRACEMALLOC_INSPECTOR_BUSY',
  );

export const stoppedElsewhere = (what: string): Error =>
  withCode(new Error(`the V8 ${what} was stopped by another inspector session; tracemalloc stopped tracing`), 'ERR_TRACEMALLOC_INSPECTOR_BUSY');

export const notSynchronous = (method: string): Error =>
  withCode(
    new Error(`the inspector did not answer ${method} at once (is this thread paused in a debugger?); tracemalloc gives up rather than wait`),
    'ERR_TRACEMALLOC_INSPECTOR_BUSY',
  );

export const inspectorUnavailable = (cause: unknown): Error =>
  withCode(new Error('memkit/tracemalloc needs node:inspector, which this Node.js build lacks', { cause }), 'ERR_INSPECTOR_NOT_AVAILABLE');
