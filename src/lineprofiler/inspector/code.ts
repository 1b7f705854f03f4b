// A profiled function source (shared by every closure made from it and every profiler that
// wraps it): its located source and its breakpoint sites, found once for the process (script
// ids and locations stay valid across sessions); the session sets their breakpoints.
import { enclosingFunctionStart } from './enclosing-function.js';
import { locateFunction, type FunctionSource } from './locate.js';
import type { DebuggerSession } from './session.js';
import { computeSites, type Site } from './sites.js';
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
const codes = new Map<string, ProfiledCode>();
/** each function's code, found once: finding it asks the inspector */
const codeByFunction = new WeakMap<Function, ProfiledCode>();

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
export function codeOf(fn: Function, session: DebuggerSession): ProfiledCode | undefined {
  const target = unwrap(fn);
  const cached = codeByFunction.get(target);
  if (cached !== undefined) return cached;
  const source = locateFunction(target, session);
  if (source === undefined) return undefined;
  const known = codes.get(source.key);
  if (known !== undefined) {
    codeByFunction.set(target, known);
    return known;
  }
  const found = computeSites(source, session);
  const callLines = [source.shown.firstLine];
  const firstLines: number[] = [];
  const multiLine: boolean[] = [];
  for (const { fn, line } of found) {
    firstLines[fn] ??= line;
    if (line !== firstLines[fn]) multiLine[fn] = true;
  }
  const ids: number[] = [];
  const code: ProfiledCode = { source, callLines, multiLine, locationIds: ids };
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
