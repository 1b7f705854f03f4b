// V8's structured stack of the caller (CallSite objects), read through Error.prepareStackTrace
// without leaving a trace of the swap: the inspector path's hooks read the stack at every hit,
// the timestamper the caller's file.

/** The CallSite methods the line profiler uses. */
export interface CallSite {
  isAsync(): boolean;
  isEval(): boolean;
  getLineNumber(): number | null;
  getColumnNumber(): number | null;
  getEnclosingLineNumber(): number | null;
  getEnclosingColumnNumber(): number | null;
}

const holder: { stack?: unknown } = {};

/** `read` applied to at most `limit` frames of the current stack, innermost first. */
export function readCallSites<T>(limit: number, read: (error: unknown, frames: CallSite[]) => T): T {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = read as typeof Error.prepareStackTrace;
  Error.stackTraceLimit = limit;
  try {
    Error.captureStackTrace(holder);
    return holder.stack as T;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}
