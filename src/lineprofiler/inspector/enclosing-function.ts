// Where the function a breakpoint hook was hit in starts, from V8's own stack: the hook runs in
// a breakpoint condition, which V8 evaluates as an eval in the paused frame, so that frame is
// the one right below the first eval frame on the stack.
import { readCallSites, type CallSite } from '../call-sites.js';
import type { ScriptLocation } from './locate.js';

const FRAMES_SEARCHED = 32;

function callSites(_error: unknown, frames: CallSite[]): CallSite[] {
  return frames;
}

/** The start of the function paused at `at` (0-based, as `at`); undefined if not on the stack. */
export function enclosingFunctionStart(at: ScriptLocation): ScriptLocation | undefined {
  const frames = readCallSites(FRAMES_SEARCHED, callSites);
  const paused = frames[frames.findIndex((frame) => frame.isEval()) + 1];
  if (paused === undefined || paused.getLineNumber() !== at.lineNumber + 1 || paused.getColumnNumber() !== at.columnNumber + 1) return undefined;
  const line = paused.getEnclosingLineNumber();
  const column = paused.getEnclosingColumnNumber();
  return line === null || column === null ? undefined : { scriptId: at.scriptId, lineNumber: line - 1, columnNumber: column - 1 };
}
