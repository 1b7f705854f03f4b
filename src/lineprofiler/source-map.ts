// The source a developer wrote, for a compiled script with a source map (tsc's `sourceMap` or
// `inlineSourceMap`): memory_profiler's table shows that file's lines, as Python shows the .py.
import fs from 'node:fs';
import { SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// the last line of a compiled script that names its map
const MAPPING_URL = /^\s*\/\/[#@] sourceMappingURL=(\S+)\s*$/;
const DATA_URL = /^data:application\/json(?:;charset=[\w-]+)?;base64,(.*)$/;
/** V8's line terminators (global, for matchAll; split ignores the flag) */
export const LINE_END = /\r\n|[\n\r\u2028\u2029]/g;

export interface OriginalSource {
  readonly filename: string;
  /** the file's lines, without line ends */
  readonly lines: readonly string[];
  /** the 1-based line a 0-based position of the compiled script comes from, if from this file */
  lineOf(lineNumber: number, columnNumber: number): number | undefined;
}

/** The source map a compiled script names on one of its last lines, and the folder it is in. */
export function readSourceMap(scriptFile: string, scriptLines: readonly string[]): { payload: SourceMapPayload; dir: string } | undefined {
  for (let index = scriptLines.length - 1; index >= 0 && index >= scriptLines.length - 3; index--) {
    const url = MAPPING_URL.exec(scriptLines[index])?.[1];
    if (url === undefined) continue;
    const data = DATA_URL.exec(url);
    if (data !== null) return { payload: JSON.parse(Buffer.from(data[1], 'base64').toString('utf8')) as SourceMapPayload, dir: path.dirname(scriptFile) };
    const mapFile = url.startsWith('file:') ? fileURLToPath(url) : path.resolve(path.dirname(scriptFile), decodeURIComponent(url));
    return { payload: JSON.parse(fs.readFileSync(mapFile, 'utf8')) as SourceMapPayload, dir: path.dirname(mapFile) };
  }
  return undefined;
}

/**
 * The original file the compiled position (`lineNumber`, `columnNumber`) of `scriptFile` maps
 * to; undefined without a source map, or when the map or the file cannot be read.
 */
export function originalSource(scriptFile: string, scriptLines: readonly string[], lineNumber: number, columnNumber: number): OriginalSource | undefined {
  if (!path.isAbsolute(scriptFile)) return undefined;
  try {
    const found = readSourceMap(scriptFile, scriptLines);
    if (found === undefined) return undefined;
    const { payload, dir } = found;
    const map = new SourceMap(payload);
    const start = map.findEntry(lineNumber, columnNumber) as { originalSource?: string };
    const source = start.originalSource;
    if (source === undefined) return undefined;
    const index = payload.sources.indexOf(source);
    const filename = source.startsWith('file:') ? fileURLToPath(source) : path.resolve(dir, payload.sourceRoot ?? '', source);
    const text = payload.sourcesContent?.[index] ?? fs.readFileSync(filename, 'utf8');
    return {
      filename,
      lines: text.split(LINE_END),
      lineOf(line, column) {
        const entry = map.findEntry(line, column) as { originalSource?: string; originalLine?: number };
        return entry.originalSource === source && entry.originalLine !== undefined ? entry.originalLine + 1 : undefined;
      },
    };
  } catch {
    // a map that is missing or unreadable leaves the compiled lines, as without one
    return undefined;
  }
}
