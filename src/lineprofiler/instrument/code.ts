// The instrumented functions of the running program, as instrumented modules register them
// when they load, and the profiled calls that record them.
import fs from 'node:fs';
import type { Run } from '../calls.js';
import type { Recorder } from '../code-map.js';
import { LINE_END } from '../../source-map.js';
import type { Measured } from '../memory.js';
import { runtime, type Runtime } from '../runtime.js';
import { Frame, UNPROFILED } from './frame.js';
import { FRAME_OPENING, RUNTIME_KEY, type CodeMeta } from './names.js';

/** The file a table shows, read when the table is. */
class ShownFile {
  #lines: readonly string[] | undefined;

  constructor(readonly filename: string, readonly firstLine: number, readonly lastLine: number) {}

  get lines(): readonly string[] {
    if (this.#lines === undefined) {
      try {
        this.#lines = fs.readFileSync(this.filename, 'utf8').split(LINE_END);
      } catch {
        this.#lines = [];
      }
    }
    return this.#lines;
  }
}

export class InstrumentedCode {
  readonly source: { readonly name: string; readonly shown: ShownFile };
  readonly openingOffset: number;
  /** profiled calls through a wrapper going on */
  runs = 0;
  /** where calls record when no wrapper's call is going on (a function named by --function) */
  auto: Recorder | null = null;
  readonly named: boolean;

  constructor(readonly key: string, [name, filename, firstLine, lastLine, named, openingOffset]: CodeMeta) {
    this.source = { name, shown: new ShownFile(filename, firstLine, lastLine) };
    this.named = named;
    this.openingOffset = openingOffset;
  }
}

/** A profiled call of an instrumented function, through a wrapper. */
export class ProbeRun implements Run {
  parent: Run | undefined;
  finished = false;

  constructor(readonly code: InstrumentedCode, readonly recorder: Recorder) {}

  begin(): void {
    this.code.runs += 1;
  }

  /** Its frames have returned at the yield already. */
  suspend(): void {}

  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.code.runs -= 1;
  }
}

const codes = new Map<string, InstrumentedCode>();
let recordNamed: ((code: InstrumentedCode) => Recorder) | undefined;

/** The calls of functions named by --function record through `recorderFor` (memkit profile's profiler). */
export function recordNamedCalls(recorderFor: (code: InstrumentedCode) => Recorder): void {
  recordNamed = recorderFor;
  for (const code of codes.values()) if (code.named) code.auto ??= recorderFor(code);
}

/** What an instrumented module's `$memkit$` is: it opens its functions' frames. */
class ModuleProbes {
  constructor(private readonly codes: readonly InstrumentedCode[], private readonly runtime: Runtime) {}

  /** A call of a function of the module's profiled function `index`, whose first line is `callLine`. */
  e(index: number, callLine: number): Frame {
    const code = this.codes[index];
    let recorder: Recorder | null = null;
    if (code.runs > 0) {
      const run = this.runtime.calls.currentRunOf(code) as ProbeRun | undefined;
      if (run !== undefined && !run.finished) recorder = run.recorder;
    }
    recorder ??= code.auto;
    if (recorder === null) return UNPROFILED;
    // the frame is the profiler's own allocation
    return this.runtime.meters.own(newFrame, recorder, callLine);
  }
}

const newFrame = (_measured: Measured, recorder: Recorder, callLine: number): Frame => new Frame(recorder, callLine);

function registerModule(key: string, metas: readonly CodeMeta[]): ModuleProbes {
  const own = metas.map((meta, index) => {
    const code = new InstrumentedCode(`${key}#${index}`, meta);
    if (code.named && recordNamed !== undefined) code.auto = recordNamed(code);
    codes.set(code.key, code);
    return code;
  });
  return new ModuleProbes(own, runtime());
}

/** Makes the runtime reachable from instrumented modules (before any of them loads). */
export function installRuntime(): void {
  const key = Symbol.for(RUNTIME_KEY);
  if (key in globalThis) return;
  Object.defineProperty(globalThis, key, { value: Object.freeze({ module: registerModule }), configurable: true });
}

const sourceText = Function.prototype.toString;
const OPENINGS = new RegExp(`${FRAME_OPENING.replace(/\$/g, '\\$').replace(/[.(]/g, '\\$&')}\\d+,\\d+,("(?:[^"\\\\]|\\\\.)*")\\)`, 'g');

/** The instrumented code of `fn` (a class: of its constructor); undefined if not instrumented. */
export function instrumentedCodeOf(fn: Function): InstrumentedCode | undefined {
  if (codes.size === 0) return undefined;
  const text = sourceText.call(fn);
  for (const match of text.matchAll(OPENINGS)) {
    const code = codes.get(JSON.parse(match[1]) as string);
    if (code !== undefined && code.openingOffset === match.index) return code;
  }
  return undefined;
}
