// Where a function's source is: its script, file name, lines and the range of lines its table
// shows (memory_profiler: the lines of inspect.getsourcelines(code)).
import { fileURLToPath } from 'node:url';
import { withExposedValue } from './holder.js';
import { enableDebugger, post, scriptInfo } from './session.js';

export interface ScriptLocation {
  readonly scriptId: string;
  /** 0-based, as the inspector counts */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

export interface FunctionSource {
  /** one key per function source: closures made from the same source share it */
  readonly key: string;
  readonly name: string;
  readonly filename: string;
  /** the whole script's lines, without line ends */
  readonly scriptLines: readonly string[];
  /** where V8 says the function is (the parameter list) */
  readonly location: ScriptLocation;
  /** the range the breakpoints cover, end excluded */
  readonly rangeStart: ScriptLocation;
  readonly rangeEnd: ScriptLocation;
  /** 1-based lines of the table, first and last included */
  readonly firstLine: number;
  readonly lastLine: number;
  readonly isClass: boolean;
}

interface PropertyDescriptor {
  readonly name: string;
  readonly value?: { readonly value?: unknown; readonly objectId?: string };
}

const sourceText = Function.prototype.toString;
// V8's line terminators
const LINE_END = /\r\n|[\n\r\u2028\u2029]/g;

function internalProperty(fn: Function, name: string): PropertyDescriptor['value'] {
  return withExposedValue(fn, (expression) => {
    const objectGroup = 'memkit-lineprofiler';
    try {
      const { result } = post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression, objectGroup });
      const { internalProperties = [] } = post<{ internalProperties?: PropertyDescriptor[] }>(
        'Runtime.getProperties', { objectId: result.objectId, ownProperties: true },
      );
      return internalProperties.find((p) => p.name === name)?.value;
    } finally {
      post('Runtime.releaseObjectGroup', { objectGroup });
    }
  });
}

function lineStarts(source: string): number[] {
  const starts = [0];
  for (const match of source.matchAll(LINE_END)) starts.push(match.index! + match[0].length);
  return starts;
}

function positionOf(starts: readonly number[], offset: number): { lineNumber: number; columnNumber: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { lineNumber: low, columnNumber: offset - starts[low] };
}

function filenameOf(scriptId: string): string {
  const url = scriptInfo(scriptId)?.url;
  if (url === undefined) return `<script ${scriptId}>`;
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

/** The last own breakpoint location of the function at `location` (a class's constructor). */
function lastOwnLocation(location: ScriptLocation): ScriptLocation {
  const { locations } = post<{ locations: ScriptLocation[] }>('Debugger.getPossibleBreakpoints', {
    start: location,
    restrictToFunction: true,
  });
  return locations[locations.length - 1] ?? location;
}

/** Finds a JavaScript function's source; undefined for native and other source-less functions. */
export function locateFunction(fn: Function): FunctionSource | undefined {
  enableDebugger();
  const location = internalProperty(fn, '[[FunctionLocation]]')?.value as ScriptLocation | undefined;
  if (location === undefined) return undefined;
  const { scriptSource } = post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId: location.scriptId });
  const starts = lineStarts(scriptSource);
  const text = sourceText.call(fn);
  const isClass = text.startsWith('class');
  const locationOffset = starts[location.lineNumber] + location.columnNumber;
  let rangeStart: ScriptLocation = location;
  let rangeEnd: ScriptLocation;
  if (isClass) {
    // a class profiles its constructor: from its parameters to its closing brace
    const last = lastOwnLocation(location);
    rangeEnd = { ...last, columnNumber: last.columnNumber + 1 };
  } else {
    const start = scriptSource.lastIndexOf(text, locationOffset);
    if (start >= 0 && start + text.length > locationOffset) {
      rangeStart = { scriptId: location.scriptId, ...positionOf(starts, start) };
      rangeEnd = { scriptId: location.scriptId, ...positionOf(starts, start + text.length) };
    } else {
      const last = lastOwnLocation(location);
      rangeEnd = { ...last, columnNumber: last.columnNumber + 1 };
    }
  }
  const endOffset = starts[rangeEnd.lineNumber] + rangeEnd.columnNumber;
  return {
    key: `${location.scriptId}:${location.lineNumber}:${location.columnNumber}`,
    name: fn.name,
    filename: filenameOf(location.scriptId),
    scriptLines: scriptSource.split(LINE_END),
    location,
    rangeStart,
    rangeEnd,
    firstLine: rangeStart.lineNumber + 1,
    lastLine: positionOf(starts, Math.max(endOffset - 1, 0)).lineNumber + 1,
    isClass,
  };
}
