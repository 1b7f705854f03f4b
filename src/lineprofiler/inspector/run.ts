// One profiled call: turns breakpoint hits into memory_profiler's call/line/return events
// (LineProfiler.trace_memory_usage) and feeds them to the function's CodeMap.
//
// V8 reports locations, not frames, so frames are told apart by the JavaScript stack depth at
// each hit: a deeper hit is a call, a shallower one means the frames above it have returned
// (normally, by an exception, or by suspending at await/yield), and a return location ends the
// innermost frame of its function. A frame that left without reaching a return location is
// remembered, so that resuming it (after an await) starts from the line it stopped on, as a
// resumed Python coroutine does.
import type { Run as ProfiledRun } from '../calls.js';
import type { CodeMap, TraceState } from '../code-map.js';
import type { Meter } from '../memory.js';
import { callLineOf, type ProfiledCode, type RegisteredSite } from './code.js';
import type { DebuggerSession } from './session.js';

interface Frame {
  readonly fn: number;
  depth: number;
  /** the async context it runs in: another one at its next hit means it awaited meanwhile */
  asyncId: number;
  /** memory_profiler's prevlines[-1]: the line whose effect the next event measures */
  prevline: number;
  /**
   * the sites of the current line reached since its line event: a repeat is a loop turn (a
   * source-mapped line may span several JavaScript lines, so sites, not columns)
   */
  readonly reached: RegisteredSite[];
  line: number;
}

const MAX_SUSPENDED = 64;

function lastIndexOfFn(list: ReadonlyArray<{ readonly fn: number }>, fn: number): number {
  let index = list.length - 1;
  while (index >= 0 && list[index].fn !== fn) index -= 1;
  return index;
}

export class Run implements ProfiledRun {
  parent: ProfiledRun | undefined;
  finished = false;
  private readonly frames: Frame[] = [];
  private readonly suspended: Array<{ fn: number; line: number }> = [];

  /** Sets the code's breakpoints, with calibration twins for a meter that needs them. */
  begin(): void {
    this.session.acquire(this.code, this.meter.calibrates);
  }

  constructor(
    readonly code: ProfiledCode,
    private readonly session: DebuggerSession,
    private readonly map: CodeMap,
    private readonly state: TraceState,
    private readonly meter: Meter,
  ) {}

  hit(site: RegisteredSite, depth: number, asyncId: number): void {
    const { frames } = this;
    if (site.isReturn) {
      const index = lastIndexOfFn(frames, site.fn);
      if (index < 0) return;
      while (frames.length > index + 1) this.leave(false);
      const frame = frames[index];
      if (site.entersLine && frame.line !== site.line) this.lineEvent(frame, site);
      this.leave(false);
      return;
    }
    let top = frames[frames.length - 1];
    while (top !== undefined && (top.depth > depth || (top.depth === depth && top.fn !== site.fn))) {
      this.leave(true);
      top = frames[frames.length - 1];
    }
    // resumed after an await from as deep a stack as it suspended on: it returned when it
    // suspended, as a Python coroutine does
    if (top !== undefined && top.fn === site.fn && top.asyncId !== asyncId && !site.isEntry) {
      this.leave(true);
      top = frames[frames.length - 1];
    }
    // A call starts at the function's entry; anywhere else the same function goes on, maybe
    // resumed from deeper in the event loop than it stopped.
    if (top !== undefined && top.fn === site.fn && (top.depth === depth || !site.isEntry)) {
      top.depth = depth;
      top.asyncId = asyncId;
      // a line event on entering another line or on a loop turn within the line
      if (site.loopHead === undefined && site.line === top.line && !top.reached.includes(site)) {
        top.reached.push(site);
        return;
      }
    } else {
      top = { fn: site.fn, depth, asyncId, prevline: this.callLine(site), reached: [], line: 0 };
      frames.push(top);
      // default parameter values evaluated on the first line of a function whose body is on
      // later lines: the call is still binding its arguments, on Python's def line
      if (site.isEntry && site.line === top.prevline && this.code.multiLine[site.fn]) {
        top.line = site.line;
        top.reached.push(site);
        return;
      }
    }
    if (site.loopHead !== undefined) this.enterLine(top, site.loopHead);
    this.lineEvent(top, site);
  }

  /** memory_profiler's 'line' event: the frame enters `site`'s line. */
  private lineEvent(frame: Frame, site: RegisteredSite): void {
    this.enterLine(frame, site.line);
    frame.reached.push(site);
  }

  private enterLine(frame: Frame, line: number): void {
    this.trace(frame.prevline);
    frame.prevline = line;
    frame.line = line;
    frame.reached.length = 0;
  }

  /** The call suspended at a yield: its frames return, to resume on the line they left. */
  suspend(): void {
    while (this.frames.length > 0) this.leave(true);
  }

  /** The call has ended: its frames return (memory_profiler's 'return' events). */
  finish(): void {
    while (this.frames.length > 0) this.leave(false);
    this.finished = true;
  }

  private callLine(site: RegisteredSite): number {
    if (!site.isEntry) {
      const index = lastIndexOfFn(this.suspended, site.fn);
      if (index >= 0) return this.suspended.splice(index, 1)[0].line;
    }
    return callLineOf(this.code, site);
  }

  private leave(suspending: boolean): void {
    const frame = this.frames.pop()!;
    this.trace(frame.prevline);
    if (suspending) {
      if (this.suspended.length === MAX_SUSPENDED) this.suspended.shift();
      this.suspended.push({ fn: frame.fn, line: frame.prevline });
    }
  }

  /** CodeMap.trace(code, lineno, prev_lineno), then prev_lineno = lineno. */
  private trace(lineno: number): void {
    this.map.trace(this.meter, lineno, this.state.prevLineno);
    this.state.prevLineno = lineno;
  }
}
