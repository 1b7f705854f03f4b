// The inspector path's own session on this thread, opened when profiling starts and closed once
// no profiled call is going on. A same-thread session answers synchronously, so breakpoints are
// set right before the profiled call starts. While the Debugger domain is on, V8 reports every
// compiled script to the session and slows every `await` in the process (README, "How it works,
// and what it costs"), so the session closes at the next turn of the event loop that finds the
// process idle; back-to-back profiled calls (a loop, an await chain) keep it and its breakpoints.
import { InspectorSession } from '../../inspector-session.js';
import type { ProfiledCalls } from '../calls.js';
import type { Meters } from '../memory.js';
import { sitesAt, type ProfiledCode } from './code.js';
import { conditionFor, installHook, removeHook, twinConditionFor } from './holder.js';
import { hitHook } from './hook.js';
import type { ScriptLocation } from './locate.js';

const errors = {
  notAnswered: (method: string) => new Error(`inspector answered ${method} asynchronously; the line profiler needs a same-thread session`),
  unavailable: (cause: unknown) => new Error('the line profiler needs node:inspector, which this Node.js build lacks', { cause }),
};

export interface ScriptInfo {
  readonly url: string;
  /** what Debugger.setBreakpointByUrl takes as scriptHash */
  readonly hash: string;
}

export class DebuggerSession {
  readonly #session = new InspectorSession(errors);
  readonly #scripts = new Map<string, ScriptInfo>();
  /** the breakpoint id of each location id; the locations that have a calibration twin too */
  readonly #breakpoints = new Map<number, string>();
  readonly #twins = new Set<number>();
  /** the codes whose breakpoints are set: with twins (true) or not */
  readonly #installed = new Map<ProfiledCode, boolean>();
  #open = true;
  #closeScheduled = false;

  /** Turns the Debugger on; its breakpoints call the line profiler through the Array hook. */
  constructor(private readonly meters: Meters, private readonly calls: ProfiledCalls) {
    this.#session.on<{ scriptId: string; url: string; hash: string }>('Debugger.scriptParsed', (params) => {
      // breakpoint conditions compile as scripts without a url: only named scripts are kept
      if (params.url !== '') this.#scripts.set(params.scriptId, { url: params.url, hash: params.hash });
    });
    installHook(hitHook(meters, calls));
    try {
      this.post('Debugger.enable');
    } catch (error) {
      this.#teardown();
      throw error;
    }
  }

  get open(): boolean {
    return this.#open;
  }

  post<R = unknown>(method: string, params: object = {}): R {
    return this.#session.post<R>(method, params);
  }

  /** A named script's url and hash; undefined for scripts without a url. */
  scriptInfo(scriptId: string): ScriptInfo | undefined {
    return this.#scripts.get(scriptId);
  }

  /** Sets the code's breakpoints (if they are not set) for a profiled call, with twins for a call whose heap is measured. */
  acquire(code: ProfiledCode, withTwins: boolean): void {
    const twinned = this.#installed.get(code);
    if (twinned === true || (twinned === false && !withTwins)) return;
    for (const id of code.locationIds) this.#install(id, withTwins);
    this.#installed.set(code, withTwins);
  }

  /**
   * Sets a location's breakpoint, after its calibration twin where one is needed: V8 evaluates
   * the conditions at a location in the order they were set. A by-hash breakpoint is the only
   * way to a second breakpoint at one location, so locations in scripts without a url get no twin.
   */
  #install(id: number, withTwin: boolean): void {
    const installed = this.#breakpoints.get(id);
    const { location } = sitesAt[id][0];
    const hash = withTwin && !this.#twins.has(id) ? this.scriptInfo(location.scriptId)?.hash : undefined;
    if (installed !== undefined && hash === undefined) return;
    if (installed !== undefined) this.post('Debugger.removeBreakpoint', { breakpointId: installed });
    if (hash !== undefined) {
      const { lineNumber, columnNumber } = location;
      const twin = this.post<{ breakpointId: string; locations: ScriptLocation[] }>('Debugger.setBreakpointByUrl', {
        scriptHash: hash, lineNumber, columnNumber, condition: twinConditionFor(id),
      });
      // a twin anywhere else would measure another location
      if (twin.locations.some((l) => l.scriptId === location.scriptId && l.lineNumber === lineNumber && l.columnNumber === columnNumber)) this.#twins.add(id);
      else this.post('Debugger.removeBreakpoint', { breakpointId: twin.breakpointId });
    }
    const { breakpointId } = this.post<{ breakpointId: string }>('Debugger.setBreakpoint', { location, condition: conditionFor(id) });
    this.#breakpoints.set(id, breakpointId);
  }

  /** Closes the session at the next turn of the event loop if no profiled call is going on then. */
  closeWhenIdle(): void {
    if (!this.#open || this.#closeScheduled) return;
    this.#closeScheduled = true;
    setImmediate(() => {
      this.#closeScheduled = false;
      if (this.#open && this.calls.idle()) this.#teardown();
    }).unref();
  }

  /** The Debugger off takes every breakpoint with it; no hook runs until another session opens. */
  #teardown(): void {
    this.#open = false;
    removeHook();
    this.meters.idle();
    this.#session.disconnect();
  }
}
