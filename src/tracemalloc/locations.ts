// V8 call frames -> Frames as the user wrote them: file URLs as paths, positions mapped back
// through source maps (memkit's one rule, see ../source-map.ts). Builtins and node: internals
// are left out so their allocations are charged to the nearest user frame; anything allocated
// under memkit/tracemalloc's own code (the profiles it reads) is OWN and not traced at all.
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SourceMapCache } from '../source-map.js';
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

export type Resolved = Frame | null | typeof OWN;

/** Resolves and caches call frames: null for hidden frames, OWN for memkit/tracemalloc's. */
export class FrameResolver {
  readonly #cache = new Map<string, Resolved>();
  readonly #sourceMaps = new SourceMapCache();

  resolve(url: string, line0: number, column0: number, name: string): Resolved {
    const key = `${url}\0${line0}\0${column0}\0${name}`;
    let frame = this.#cache.get(key);
    if (frame === undefined) {
      if (isHidden(url)) {
        frame = null;
      } else if (toPath(url).startsWith(TRACEMALLOC_DIR)) {
        frame = OWN;
      } else {
        const filename = toPath(url);
        const original = this.#sourceMaps.originalPosition(url, filename, line0, column0);
        frame = original ? new Frame(original.filename, original.lineno, name) : new Frame(filename, line0 + 1, name);
      }
      this.#cache.set(key, frame);
    }
    return frame;
  }
}
