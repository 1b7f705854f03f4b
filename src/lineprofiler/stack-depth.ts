// The number of synchronous JavaScript frames on the stack: how the line profiler tells a call
// (deeper) from a return (shallower). Async frames V8 appends after an await do not count.
interface CallSiteLike {
  isAsync(): boolean;
}

const holder: { stack?: unknown } = {};

function countSyncFrames(_error: unknown, frames: readonly CallSiteLike[]): number {
  let count = 0;
  while (count < frames.length && !frames[count].isAsync()) count += 1;
  return count;
}

export function stackDepth(): number {
  const { prepareStackTrace, stackTraceLimit } = Error;
  Error.prepareStackTrace = countSyncFrames as typeof Error.prepareStackTrace;
  Error.stackTraceLimit = Infinity;
  try {
    Error.captureStackTrace(holder);
    return holder.stack as number;
  } finally {
    Error.prepareStackTrace = prepareStackTrace;
    Error.stackTraceLimit = stackTraceLimit;
  }
}
