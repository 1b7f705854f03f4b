// Where a function's source is: its script, file name, lines and the range of lines its table
// shows (memory_profiler: the lines of inspect.getsourcelines(code)).
import { fileURLToPath } from 'node:url';
import { withExposedValue } from './holder.js';
import { LINE_END, originalSource } from '../../source-map.js';
import type { DebuggerSession } from './session.js';

export interface ScriptLocation {
  readonly scriptId: string;
  /** 0-based, as the inspector counts */
  readonly lineNumber: number;
  readonly columnNumber: number;
}

/** The file and lines the table shows: the script's own, or its original through a source map. */
export interface ShownSource {
  readonly filename: string;
  /** the file's lines, without line ends */
  readonly lines: readonly string[];
  /** 1-based lines of the table, first and last included */
  readonly firstLine: number;
  readonly lastLine: number;
  /** the 1-based line shown for a location of the script */
  lineOf(location: ScriptLocation): number;
}

export interface FunctionSource {
  /** one key per function source: closures made from the same source share it */
  readonly key: string;
  readonly name: string;
  /** the whole script's lines, without line ends */
  readonly scriptLines: readonly string[];
  /** where V8 says the function is (the parameter list) */
  readonly location: ScriptLocation;
  /** the range the breakpoints cover, end excluded */
  readonly rangeStart: ScriptLocation;
  readonly rangeEnd: ScriptLocation;
  readonly shown: ShownSource;
  readonly isClass: boolean;
}

interface PropertyDescriptor {
  readonly name: string;
  readonly value?: { readonly value?: unknown; readonly objectId?: string };
}

const sourceText = Function.prototype.toString;

function internalProperty(fn: Function, name: string, session: DebuggerSession): PropertyDescriptor['value'] {
  return withExposedValue(fn, (expression) => {
    const objectGroup = 'memkit-lineprofiler';
    try {
      const { result } = session.post<{ result: { objectId?: string } }>('Runtime.evaluate', { expression, objectGroup });
      const { internalProperties = [] } = session.post<{ internalProperties?: PropertyDescriptor[] }>(
        'Runtime.getProperties', { objectId: result.objectId, ownProperties: true },
      );
      return internalProperties.find((p) => p.name === name)?.value;
    } finally {
      session.post('Runtime.releaseObjectGroup', { objectGroup });
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

function filenameOf(scriptId: string, session: DebuggerSession): string {
  const url = session.scriptInfo(scriptId)?.url;
  if (url === undefined) return `<script ${scriptId}>`;
  return url.startsWith('file:') ? fileURLToPath(url) : url;
}

/** The last own breakpoint location of the function at `location` (a class's constructor). */
function lastOwnLocation(location: ScriptLocation, session: DebuggerSession): ScriptLocation {
  const { locations } = session.post<{ locations: ScriptLocation[] }>('Debugger.getPossibleBreakpoints', {
    start: location,
    restrictToFunction: true,
  });
  return locations[locations.length - 1] ?? location;
}

/** Finds a JavaScript function's source; undefined for native and other source-less functions. */
export function locateFunction(fn: Function, session: DebuggerSession): FunctionSource | undefined {
  const location = internalProperty(fn, '[[FunctionLocation]]', session)?.value as ScriptLocation | undefined;
  if (location === undefined) return undefined;
  const { scriptSource } = session.post<{ scriptSource: string }>('Debugger.getScriptSource', { scriptId: location.scriptId });
  const starts = lineStarts(scriptSource);
  const text = sourceText.call(fn);
  const isClass = text.startsWith('class');
  const locationOffset = starts[location.lineNumber] + location.columnNumber;
  let rangeStart: ScriptLocation = location;
  let rangeEnd: ScriptLocation;
  if (isClass) {
    // a class profiles its constructor: from its parameters to its closing brace
    const last = lastOwnLocation(location, session);
    rangeEnd = { ...last, columnNumber: last.columnNumber + 1 };
  } else {
    const start = scriptSource.lastIndexOf(text, locationOffset);
    if (start >= 0 && start + text.length > locationOffset) {
      rangeStart = { scriptId: location.scriptId, ...positionOf(starts, start) };
      rangeEnd = { scriptId: location.scriptId, ...positionOf(starts, start + text.length) };
    } else {
      const last = lastOwnLocation(location, session);
      rangeEnd = { ...last, columnNumber: last.columnNumber + 1 };
    }
  }
  const endOffset = starts[rangeEnd.lineNumber] + rangeEnd.columnNumber;
  const scriptLines = scriptSource.split(LINE_END);
  const filename = filenameOf(location.scriptId, session);
  const last = positionOf(starts, Math.max(endOffset - 1, 0));
  return {
    key: `${location.scriptId}:${location.lineNumber}:${location.columnNumber}`,
    name: fn.name,
    scriptLines,
    location,
    rangeStart,
    rangeEnd,
    shown: throughSourceMap(filename, scriptLines, rangeStart, last) ?? {
      filename,
      lines: scriptLines,
      firstLine: rangeStart.lineNumber + 1,
      lastLine: last.lineNumber + 1,
      lineOf: (l) => l.lineNumber + 1,
    },
    isClass,
  };
}

/** The original lines of the function from `start` to `last`, where a source map leads to them. */
function throughSourceMap(filename: string, scriptLines: readonly string[], start: ScriptLocation, last: { lineNumber: number; columnNumber: number }): ShownSource | undefined {
  const original = originalSource(filename, scriptLines, start.lineNumber, start.columnNumber);
  if (original === undefined) return undefined;
  const firstLine = original.lineOf(start.lineNumber, start.columnNumber)!;
  const lastLine = Math.max(original.lineOf(last.lineNumber, last.columnNumber) ?? firstLine, firstLine);
  return {
    filename: original.filename,
    lines: original.lines,
    firstLine,
    lastLine,
    // a location the map leaves out (compiler-made code) counts toward the call line
    lineOf: (l) => original.lineOf(l.lineNumber, l.columnNumber) ?? firstLine,
  };
}
