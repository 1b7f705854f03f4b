// V8 call frames -> Frames as the user wrote them: file URLs as paths, positions mapped back
// through source maps (when Node runs with --enable-source-maps), and frames that are not the
// user's (builtins, node: internals, memkit itself) left out so their allocations are charged
// to the nearest user frame.
import { findSourceMap } from 'node:module';
import { dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Frame } from './frame.js';

const MEMKIT_DIST = dirname(__dirname) + sep;

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

function isUserScript(url: string): boolean {
  if (url === '' || url.startsWith('node:')) return false;
  return !toPath(url).startsWith(MEMKIT_DIST);
}

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

/** Resolves and caches call frames; null for frames that are not the user's. */
export class FrameResolver {
  readonly #cache = new Map<string, Frame | null>();

  resolve(url: string, line0: number, column0: number, name: string): Frame | null {
    const key = `${url}\0${line0}\0${column0}\0${name}`;
    let frame = this.#cache.get(key);
    if (frame === undefined) {
      if (isUserScript(url)) {
        const { filename, lineno } = mapped(url, line0, column0);
        frame = new Frame(filename, lineno, name);
      } else {
        frame = null;
      }
      this.#cache.set(key, frame);
    }
    return frame;
  }
}
