// Source maps, one rule for all of memkit: a position in a compiled script is mapped through the
// source map that the script names on one of its last lines (`//# sourceMappingURL=`, inline or
// a file), whether or not Node runs with --enable-source-maps; a relative source is resolved
// against the map's folder and its sourceRoot. The line profiler's table and tracemalloc's
// tracebacks both go through here.
import fs from 'node:fs';
import { findSourceMap, SourceMap, type SourceMapPayload } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// the last line of a compiled script that names its map
const MAPPING_URL = /^\s*\/\/[#@] sourceMappingURL=(\S+)\s*$/;
const DATA_URL = /^data:application\/json(?:;charset=[\w-]+)?;base64,(.*)$/;
/** V8's line terminators (global, for matchAll; split ignores the flag) */
export const LINE_END = /\r\n|[\n\r\u2028\u2029]/g;

/** A script's source map, and the folder its relative sources are resolved from. */
export interface ScriptSourceMap {
  readonly payload: SourceMapPayload;
  readonly dir: string;
}

export interface OriginalSource {
  readonly filename: string;
  /** the file's lines, without line ends */
  readonly lines: readonly string[];
  /** the 1-based line a 0-based position of the compiled script comes from, if from this file */
  lineOf(lineNumber: number, columnNumber: number): number | undefined;
}

// readSourceMap looks at this many of a script's last lines
const TAIL_LINES = 3;

/** The source map a compiled script names on one of its last lines, and the folder it is in. */
export function readSourceMap(scriptFile: string, scriptLines: readonly string[]): ScriptSourceMap | undefined {
  for (let index = scriptLines.length - 1; index >= 0 && index >= scriptLines.length - TAIL_LINES; index--) {
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
 * A file's last TAIL_LINES lines, read from its end: a large script without a map costs one small
 * read, one with an inline map the length of its last lines.
 */
function lastLines(file: string): string[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    for (let length = Math.min(size, 4096); ; length = Math.min(size, length * 4)) {
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      const lines = buffer.toString('utf8').split(LINE_END);
      // the first piece is cut off mid-line unless the read began at the file's start
      if (length === size || lines.length > TAIL_LINES) return lines.slice(-TAIL_LINES);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** The absolute path of one of the map's sources. */
function sourcePath({ payload, dir }: ScriptSourceMap, source: string): string {
  return source.startsWith('file:') ? fileURLToPath(source) : path.resolve(dir, payload.sourceRoot ?? '', source);
}

interface Entry {
  originalSource?: string;
  originalLine?: number;
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
    const map = new SourceMap(found.payload);
    const source = (map.findEntry(lineNumber, columnNumber) as Entry).originalSource;
    if (source === undefined) return undefined;
    const filename = sourcePath(found, source);
    const text = found.payload.sourcesContent?.[found.payload.sources.indexOf(source)] ?? fs.readFileSync(filename, 'utf8');
    return {
      filename,
      lines: text.split(LINE_END),
      lineOf(line, column) {
        const entry = map.findEntry(line, column) as Entry;
        return entry.originalSource === source && entry.originalLine !== undefined ? entry.originalLine + 1 : undefined;
      },
    };
  } catch {
    // a map that is missing or unreadable leaves the compiled lines, as without one
    return undefined;
  }
}

/**
 * Positions of scripts known only by their URL (tracemalloc's frames) mapped to the original file
 * and line, each script's map read once from the file. Only for a file that names no map (a
 * loader such as tsx compiled other text than the file holds) is the map Node kept of the
 * compiled text taken, which it keeps with --enable-source-maps.
 */
export class SourceMapCache {
  readonly #maps = new Map<string, { map: SourceMap; found: ScriptSourceMap } | null>();

  /** `scriptFile`'s 0-based position as the original file and 1-based line, if mapped. */
  originalPosition(scriptUrl: string, scriptFile: string, lineNumber: number, columnNumber: number): { filename: string; lineno: number } | undefined {
    const loaded = this.#load(scriptUrl, scriptFile);
    if (loaded === null || lineNumber < 0) return undefined;
    const entry = loaded.map.findEntry(lineNumber, Math.max(0, columnNumber)) as Entry;
    if (entry.originalSource === undefined || entry.originalLine === undefined) return undefined;
    return { filename: sourcePath(loaded.found, entry.originalSource), lineno: entry.originalLine + 1 };
  }

  #load(scriptUrl: string, scriptFile: string): { map: SourceMap; found: ScriptSourceMap } | null {
    let loaded = this.#maps.get(scriptFile);
    if (loaded === undefined) {
      loaded = null;
      try {
        const own = path.isAbsolute(scriptFile) ? readSourceMap(scriptFile, lastLines(scriptFile)) : undefined;
        const kept = own === undefined ? findSourceMap(scriptUrl) : undefined;
        const found = own ?? (kept && { payload: kept.payload, dir: path.dirname(scriptFile) });
        if (found !== undefined) loaded = { map: new SourceMap(found.payload), found };
      } catch {
        // a script or map that cannot be read leaves the compiled positions
      }
      this.#maps.set(scriptFile, loaded);
    }
    return loaded;
  }
}
