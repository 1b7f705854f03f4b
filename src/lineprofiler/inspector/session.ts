// The line profiler's own inspector session on this thread. A same-thread session answers
// synchronously, so the profiler can set breakpoints right before the profiled call starts.
// The Debugger domain is on only while profiled calls run: while it is on, V8 reports every
// compiled script to the session and slows every `await` in the process (README, "How it
// works, and what it costs"), so it is turned off again once the process is idle.
import { InspectorSession } from '../../inspector-session.js';

const errors = {
  notAnswered: (method: string) => new Error(`inspector answered ${method} asynchronously; the line profiler needs a same-thread session`),
  unavailable: (cause: unknown) => new Error('the line profiler needs node:inspector, which this Node.js build lacks', { cause }),
};

let session: InspectorSession | undefined;
let debuggerOn = false;
let offScheduled = false;
const scripts = new Map<string, ScriptInfo>();
const whenOff: Array<() => void> = [];

function connected(): InspectorSession {
  if (session === undefined) {
    session = new InspectorSession(errors);
    session.on<{ scriptId: string; url: string; hash: string }>('Debugger.scriptParsed', (params) => {
      // breakpoint conditions compile as scripts without a url: only named scripts are kept
      if (params.url !== '') scripts.set(params.scriptId, { url: params.url, hash: params.hash });
    });
  }
  return session;
}

export function post<R = unknown>(method: string, params: object = {}): R {
  return connected().post<R>(method, params);
}

export function enableDebugger(): void {
  if (debuggerOn) return;
  post('Debugger.enable');
  debuggerOn = true;
}

/** Called back when the Debugger is turned off: every breakpoint is gone then. */
export function onDebuggerOff(callback: () => void): void {
  whenOff.push(callback);
}

/**
 * Turns the Debugger off at the next turn of the event loop if `idle()` still says so then;
 * back-to-back profiled calls (a loop, an await chain) keep it on and keep their breakpoints.
 */
export function disableDebuggerWhenIdle(idle: () => boolean): void {
  if (!debuggerOn || offScheduled) return;
  offScheduled = true;
  setImmediate(() => {
    offScheduled = false;
    if (!debuggerOn || !idle()) return;
    post('Debugger.disable');
    debuggerOn = false;
    for (const callback of whenOff) callback();
  }).unref();
}

export interface ScriptInfo {
  readonly url: string;
  /** what Debugger.setBreakpointByUrl takes as scriptHash */
  readonly hash: string;
}

/** A named script's url and hash; undefined for scripts without a url. */
export function scriptInfo(scriptId: string): ScriptInfo | undefined {
  return scripts.get(scriptId);
}
