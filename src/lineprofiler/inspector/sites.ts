// The breakpoint sites of a profiled function: V8's possible breakpoint locations in its range,
// grouped by the (nested) function they belong to, thinned to those that can start a line.
import { forCondition } from './for-head.js';
import type { FunctionSource, ScriptLocation } from './locate.js';
import type { DebuggerSession } from './session.js';

interface BreakLocation extends ScriptLocation {
  readonly type?: 'debuggerStatement' | 'call' | 'return';
}

export interface Site {
  /** index of the (nested) function in the profiled source; 0 is the profiled function */
  readonly fn: number;
  /** 1-based, in the source shown (source-mapped) */
  readonly line: number;
  /** a location where the function returns */
  readonly isReturn: boolean;
  /**
   * a return location that is the only location of its `return` statement's line: V8 gives a
   * statement like `return r;` no location of its own, so its line is entered here
   */
  readonly entersLine: boolean;
  /** the function's first location: a call starts here */
  readonly isEntry: boolean;
  /**
   * the shown line of a loop head V8 gives no location (`while (true) {`, `for (;;) {`), when
   * this is the first location of its body: each time the body starts, the head's line is
   * entered first, as Python enters `while True:` at every turn
   */
  readonly loopHead: number | undefined;
  readonly location: ScriptLocation;
}

// A line holding a loop head is entered again from its own or a later line at any of its
// locations (the update, the condition, the next step of for-of).
const LOOP_HEAD = /\b(for|while|do)\b/;

const RETURN_KEYWORD = /\breturn\b/;
// a line that starts with a (labelled) `while (` or `for (` head
const LOOP_HEAD_START = /^\s*(?:[\p{L}_$][\p{L}\p{N}_$]*\s*:\s*)?(?:while|for)\s*\(/u;

const positionKey = (l: ScriptLocation) => `${l.lineNumber}:${l.columnNumber}`;

function possible(session: DebuggerSession, start: ScriptLocation, end: ScriptLocation, restrictToFunction: boolean): BreakLocation[] {
  return session.post<{ locations: BreakLocation[] }>('Debugger.getPossibleBreakpoints', { start, end, restrictToFunction }).locations;
}

/** Each location of the range with the index of the innermost function it belongs to. */
function byFunction(source: FunctionSource, session: DebuggerSession): Array<{ location: BreakLocation; fn: number }> {
  const { location, rangeStart, rangeEnd } = source;
  // An outer expression can break at the very start of a function expression or arrow: that
  // location is never the function's own.
  const inside = (l: ScriptLocation) => positionKey(l) !== positionKey(rangeStart);
  const owner = new Map<string, number>();
  let functions = 0;
  const claim = (from: ScriptLocation) => {
    const own = possible(session, from, rangeEnd, true).filter(inside);
    for (const location of own) owner.set(positionKey(location), functions);
    if (own.length > 0) functions += 1;
  };
  claim(location);
  const all = possible(session, rangeStart, rangeEnd, false).filter(inside);
  for (const candidate of all) if (!owner.has(positionKey(candidate))) claim(candidate);
  return all.map((candidate) => ({ location: candidate, fn: owner.get(positionKey(candidate))! }));
}

/**
 * Condition locations of one-line classic for heads whose update has a location and whose body
 * starts on another line of the source shown (tsc writes `for (…) body;` on two lines, which a
 * source map shows as the one line it was).
 */
function forConditions(source: FunctionSource, located: ReadonlyArray<{ location: BreakLocation; fn: number }>): Set<BreakLocation> {
  const skipped = new Set<BreakLocation>();
  const byLine = new Map<number, BreakLocation[]>();
  for (const { location } of located) {
    const list = byLine.get(location.lineNumber) ?? [];
    list.push(location);
    byLine.set(location.lineNumber, list);
  }
  const { lineOf } = source.shown;
  for (const [lineNumber, locations] of byLine) {
    const head = forCondition(source.scriptLines[lineNumber] ?? '');
    if (head === undefined) continue;
    const hasUpdate = locations.some((l) => l.columnNumber > head.end && l.columnNumber < head.close);
    const headLine = lineOf(locations[0]);
    const bodyOnLine = locations.some((l) => l.columnNumber > head.close)
      || (byLine.get(lineNumber + 1) ?? []).some((l) => lineOf(l) === headLine);
    if (!hasUpdate || bodyOnLine) continue;
    for (const l of locations) if (l.columnNumber > head.start && l.columnNumber < head.end) skipped.add(l);
  }
  return skipped;
}

/** The shown head line of each location that starts the body of a loop whose head has none. */
function locationlessLoopHeads(source: FunctionSource, located: ReadonlyArray<{ location: BreakLocation }>): Map<BreakLocation, number> {
  const heads = new Map<BreakLocation, number>();
  const linesWithLocations = new Set(located.map(({ location }) => location.lineNumber));
  for (let lineNumber = source.rangeStart.lineNumber; lineNumber <= source.rangeEnd.lineNumber; lineNumber++) {
    const text = source.scriptLines[lineNumber] ?? '';
    if (linesWithLocations.has(lineNumber) || !LOOP_HEAD_START.test(text)) continue;
    const body = located.find(({ location }) => location.lineNumber > lineNumber);
    const head = { scriptId: source.rangeStart.scriptId, lineNumber, columnNumber: text.search(/\S/) };
    if (body !== undefined) heads.set(body.location, source.shown.lineOf(head));
  }
  return heads;
}

/**
 * The first location of each line of each function (where a line starts), every location on
 * loop-head lines (where a loop jumps back to) and every return location (where a frame ends).
 */
export function computeSites(source: FunctionSource, session: DebuggerSession): Site[] {
  const sites: Site[] = [];
  const seenLine = new Set<string>();
  const seenFunction = new Set<number>();
  const located = byFunction(source, session);
  const skipped = forConditions(source, located);
  const loopHeads = locationlessLoopHeads(source, located);
  for (const { location, fn } of located) {
    if (skipped.has(location)) continue;
    const isReturn = location.type === 'return';
    const lineKey = `${fn}:${location.lineNumber}`;
    const firstOnLine = !seenLine.has(lineKey);
    const isEntry = !seenFunction.has(fn);
    seenLine.add(lineKey);
    seenFunction.add(fn);
    const lineText = source.scriptLines[location.lineNumber] ?? '';
    const onLoopHead = LOOP_HEAD.test(lineText);
    if (!(isReturn || firstOnLine || onLoopHead || isEntry)) continue;
    sites.push({
      fn,
      line: source.shown.lineOf(location),
      isReturn,
      entersLine: isReturn && firstOnLine && RETURN_KEYWORD.test(lineText.slice(0, location.columnNumber)),
      isEntry,
      loopHead: loopHeads.get(location),
      location: { scriptId: location.scriptId, lineNumber: location.lineNumber, columnNumber: location.columnNumber },
    });
  }
  return sites;
}
