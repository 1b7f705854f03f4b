// The number of synchronous JavaScript frames on the stack: how the line profiler tells a call
// (deeper) from a return (shallower). Async frames V8 appends after an await do not count.
import { readCallSites, type CallSite } from '../call-sites.js';

function countSyncFrames(_error: unknown, frames: readonly CallSite[]): number {
  let count = 0;
  while (count < frames.length && !frames[count].isAsync()) count += 1;
  return count;
}

export function stackDepth(): number {
  return readCallSites(Infinity, countSyncFrames);
}
