// A profiled function source (shared by every closure made from it and every profiler that
// wraps it): its located source, its breakpoint sites, and the breakpoints while it is in use.
import { enclosingFunctionStart } from './enclosing-function.js';
import { conditionFor, twinConditionFor } from './holder.js';
import { locateFunction, type FunctionSource, type ScriptLocation } from './locate.js';
import { enableDebugger, onDebuggerOff, post, scriptInfo } from './session.js';
import { computeSites, type Site } from './sites.js';
import { idleMeters } from '../memory.js';
import { unwrap } from '../wrappers.js';

export interface ProfiledCode {
  readonly source: FunctionSource;
  /**
   * per nested function: the line a call starts on (memory_profiler: co_firstlineno), the
   * function's first line; a nested function's is known at its first call (callLineOf)
   */
  readonly callLines: number[];
  /** per nested function: whether its lines go on past its first one (not a one-liner) */
  readonly multiLine: readonly boolean[];
  /** ids of the breakpoint locations of its sites */
  readonly locationIds: readonly number[];
  installed: boolean;
  /** its locations have calibration twins too */
  twinned: boolean;
  users: number;
}

export interface RegisteredSite extends Site {
  readonly code: ProfiledCode;
}

/**
 * The sites at each breakpoint location, by the id its condition passes to the hook. A location
 * holds one breakpoint, shared by the sites of every profiled function around it (a profiled
 * closure inside a profiled function).
 */
export const sitesAt: RegisteredSite[][] = [];
const locationIds = new Map<string, number>();
/** the breakpoint id of each location id; the locations that have a calibration twin too */
const breakpoints = new Map<number, string>();
const twins = new Set<number>();
const codes = new Map<string, ProfiledCode>();
/** each function's code, found once: finding it asks the inspector */
const codeByFunction = new WeakMap<Function, ProfiledCode>();

onDebuggerOff(() => {
  idleMeters();
  for (const code of codes.values()) code.installed = code.twinned = false;
  breakpoints.clear();
  twins.clear();
});

function locationId(site: Site): number {
  const key = `${site.location.scriptId}:${site.location.lineNumber}:${site.location.columnNumber}`;
  let id = locationIds.get(key);
  if (id === undefined) {
    id = sitesAt.push([]) - 1;
    locationIds.set(key, id);
  }
  return id;
}

/** The profiled code of a function, undefined for functions without JavaScript source. */
export function codeOf(fn: Function): ProfiledCode | undefined {
  const target = unwrap(fn);
  const cached = codeByFunction.get(target);
  if (cached !== undefined) return cached;
  const source = locateFunction(target);
  if (source === undefined) return undefined;
  const known = codes.get(source.key);
  if (known !== undefined) {
    codeByFunction.set(target, known);
    return known;
  }
  const found = computeSites(source);
  const callLines = [source.shown.firstLine];
  const firstLines: number[] = [];
  const multiLine: boolean[] = [];
  for (const { fn, line } of found) {
    firstLines[fn] ??= line;
    if (line !== firstLines[fn]) multiLine[fn] = true;
  }
  const ids: number[] = [];
  const code: ProfiledCode = { source, callLines, multiLine, locationIds: ids, installed: false, twinned: false, users: 0 };
  for (const site of found) {
    const id = locationId(site);
    sitesAt[id].push({ ...site, code });
    ids.push(id);
  }
  codes.set(source.key, code);
  codeByFunction.set(target, code);
  return code;
}

/**
 * The line a call of `site`'s function starts on; called from the hook, where the function's
 * frame is on the stack, at the first hit of a call.
 */
export function callLineOf(code: ProfiledCode, site: Site): number {
  let line = code.callLines[site.fn];
  if (line === undefined) {
    const start = enclosingFunctionStart(site.location);
    line = code.callLines[site.fn] = start === undefined ? site.line : code.source.shown.lineOf(start);
  }
  return line;
}

/**
 * Sets a location's breakpoint, after its calibration twin where one is needed: V8 evaluates
 * the conditions at a location in the order they were set. A by-hash breakpoint is the only way
 * to a second breakpoint at one location, so locations in scripts without a url get no twin.
 */
function install(id: number, withTwin: boolean): void {
  const installed = breakpoints.get(id);
  const { location } = sitesAt[id][0];
  const hash = withTwin && !twins.has(id) ? scriptInfo(location.scriptId)?.hash : undefined;
  if (installed !== undefined && hash === undefined) return;
  if (installed !== undefined) post('Debugger.removeBreakpoint', { breakpointId: installed });
  if (hash !== undefined) {
    const { lineNumber, columnNumber } = location;
    const twin = post<{ breakpointId: string; locations: ScriptLocation[] }>('Debugger.setBreakpointByUrl', {
      scriptHash: hash, lineNumber, columnNumber, condition: twinConditionFor(id),
    });
    // a twin anywhere else would measure another location
    if (twin.locations.some((l) => l.scriptId === location.scriptId && l.lineNumber === lineNumber && l.columnNumber === columnNumber)) twins.add(id);
    else post('Debugger.removeBreakpoint', { breakpointId: twin.breakpointId });
  }
  const { breakpointId } = post<{ breakpointId: string }>('Debugger.setBreakpoint', { location, condition: conditionFor(id) });
  breakpoints.set(id, breakpointId);
}

/**
 * Sets the code's breakpoints (if they are not set) for one more profiled call, with twins for
 * a call whose heap is measured.
 */
export function acquire(code: ProfiledCode, withTwins: boolean): void {
  code.users += 1;
  if (code.installed && (!withTwins || code.twinned)) return;
  enableDebugger();
  for (const id of code.locationIds) install(id, withTwins);
  code.installed = true;
  code.twinned ||= withTwins;
}

/** One profiled call less; the breakpoints go when the Debugger is turned off at idle. */
export function release(code: ProfiledCode): void {
  code.users -= 1;
}
