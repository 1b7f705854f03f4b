// V8 call frames -> Frames as the user wrote them: file URLs as paths, positions mapped back
// through source maps (when Node runs with --enable-source-maps). Builtins and node: internals
// are left out so their allocations are charged to the nearest user frame; anything allocated
// under memkit/tracemalloc's own code (the profiles it reads) is OWN and not traced at all.
import { findSourceMap } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Frame } from './frame.js';

// Only the tracing code itself: allocations made through memkit's other modules are the user's.
const TRACEMALLOC_DIR = __dirname + sep;

function toPath(url: string): string {
  if (url.startsWith('file:')) {
    try {
      return fileURLToPath(url);
    } catch {
      return url;
    }
  }
  return url;
}

/** Marks a frame of memkit/tracemalloc itself. */
export const OWN = Symbol('memkit/tracemalloc frame');

// v8/gc is the script of V8's gc() extension that full-gc.ts borrows.
const isHidden = (url: string): boolean => url === '' || url.startsWith('node:') || url.startsWith('v8/');

/** A position in the generated file (0-based, as V8's protocol gives it) mapped to the source. */
function mapped(url: string, line0: number, column0: number): { filename: string; lineno: number } {
  const filename = toPath(url);
  const map = process.sourceMapsEnabled ? findSourceMap(url) : undefined;
  if (map !== undefined && line0 >= 0) {
    const entry = map.findEntry(line0, Math.max(0, column0)) as Partial<{ originalSource: string; originalLine: number }>;
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      const source = entry.originalSource.startsWith('file:')
        ? toPath(entry.originalSource)
        : resolve(dirname(filename), entry.originalSource);
      return { filename: source, lineno: entry.originalLine + 1 };
    }
  }
  return { filename, lineno: line0 + 1 };
}

export type Resolved = Frame | null | typeof OWN;

/** Resolves and caches call frames: null for hidden frames, OWN for memkit/tracemalloc's. */
export class FrameResolver {
  readonly #cache = new Map<string, Resolved>();

  resolve(url: string, line0: number, column0: number, name: string): Resolved {
    const key = `${url}\0${line0}\0${column0}\0${name}`;
    let frame = this.#cache.get(key);
    if (frame === undefined) {
      if (isHidden(url)) {
        frame = null;
      } else if (toPath(url).startsWith(TRACEMALLOC_DIR)) {
        frame = OWN;
      } else {
        const { filename, lineno } = mapped(url, line0, column0);
        frame = new Frame(filename, lineno, name);
      }
      this.#cache.set(key, frame);
    }
    return frame;
  }
}
