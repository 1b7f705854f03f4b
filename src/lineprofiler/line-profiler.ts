// memory_profiler's LineProfiler: records the functions it wraps, line by line, across calls.
import { kindOf, type Run } from './calls.js';
import { CodeMap, type Recorder, type TraceState } from './code-map.js';
import { codeOf, type ProfiledCode } from './inspector/code.js';
import { Run as BreakpointRun } from './inspector/run.js';
import { InstrumentedCode, instrumentedCodeOf, ProbeRun } from './instrument/code.js';
import { warmUpProbes } from './instrument/frame.js';
import type { LineBackend, Measured } from './memory.js';
import { checkBackend, checkFunction } from './options.js';
import { runtime } from './runtime.js';
import { registerWrapper, unwrap } from './wrappers.js';

export interface LineResult {
  /** 1-based line number in `filename` */
  readonly lineno: number;
  /** the source line, without its line end */
  readonly contents: string;
  /** MiB: the largest reading after the line ran; null for a line that did not run */
  readonly memUsage: number | null;
  /** MiB: the memory the line added (memory_profiler's Increment); null if it did not run */
  readonly increment: number | null;
  readonly occurrences: number | null;
}

export interface FunctionResult {
  readonly filename: string;
  readonly name: string;
  readonly lines: readonly LineResult[];
}

/** A profiled function on either path: breakpoints (inspector/) or probes (instrument/). */
type Code = ProfiledCode | InstrumentedCode;

interface Table {
  readonly code: Code;
  readonly map: CodeMap;
}

/**
 * Proxy traps that run each call and `new` of the target through `call`, as the profiler's own
 * work from the trap's start: `call` runs the call itself through `measured`.
 */
export function profilingTraps<F extends Function>(call: (measured: Measured, target: F, invoke: () => unknown) => unknown): ProxyHandler<F> {
  return {
    apply: (target, thisArg, args) =>
      runtime().meters.own((measured) => call(measured, target, () => Reflect.apply(target, thisArg, args))),
    construct: (target, args, newTarget) =>
      runtime().meters.own((measured) => call(measured, target, () => Reflect.construct(target, args, newTarget))) as object,
  };
}

export class LineProfiler {
  readonly backend: LineBackend;
  private readonly tables = new Map<Code, Table>();
  private readonly state: TraceState = { prevLineno: null };

  constructor(backend: LineBackend = 'rss') {
    this.backend = checkBackend('backend', backend);
  }

  /**
   * Registers a function (memory_profiler's add_function); its table shows once it has run.
   * A function the load-time hook instrumented is recorded by its probes, any other through
   * breakpoints.
   */
  add(fn: Function): Code {
    checkFunction('fn', fn);
    const code = instrumentedCodeOf(unwrap(fn)) ?? codeOf(fn, runtime().session());
    if (code === undefined) throw checkFunction.noSource(fn);
    this.table(code);
    return code;
  }

  private table(code: Code): Table {
    let table = this.tables.get(code);
    if (table === undefined) this.tables.set(code, (table = { code, map: new CodeMap() }));
    return table;
  }

  /** Where the calls of an instrumented function record into this profiler without a wrapper. */
  recorderFor(code: InstrumentedCode): Recorder {
    const { meters } = runtime();
    const meter = meters.meterFor(this.backend, true);
    // the heap meter counts what an unoptimized probe allocates
    if (this.backend === 'heap') warmUpProbes(meter, meters);
    return { map: this.table(code).map, state: this.state, meter, meters };
  }

  /**
   * Runs one call of `fn` (already added) as a profiled call, from within the profiler's own
   * work (profilingTraps), which runs `invoke` through `measured`.
   */
  call(measured: Measured, code: Code, fn: Function, invoke: () => unknown, done: (run: Run) => void = () => undefined): unknown {
    const rt = runtime();
    let run: Run;
    if (code instanceof InstrumentedCode) {
      run = new ProbeRun(code, this.recorderFor(code));
    } else {
      const session = rt.session();
      const meter = rt.meters.meterFor(this.backend);
      meter.prepare(session);
      run = new BreakpointRun(code, session, this.tables.get(code)!.map, this.state, meter);
    }
    return rt.calls.call(measured, run, kindOf(fn), invoke, done);
  }

  /** A function that calls `fn` profiled, for plain calls and `new` alike. */
  wrap<F extends Function>(fn: F): F {
    const code = this.add(fn);
    return registerWrapper(new Proxy(fn, profilingTraps<F>((measured, target, invoke) => this.call(measured, code, target, invoke))), fn);
  }

  /** One entry per profiled function that ran, rows for every line of its source. */
  results(): FunctionResult[] {
    const out: FunctionResult[] = [];
    for (const { code, map } of this.tables.values()) {
      if (map.lines.size === 0) continue;
      const { name, shown: { filename, lines: sourceLines, firstLine, lastLine } } = code.source;
      const lines: LineResult[] = [];
      for (let lineno = firstLine; lineno <= lastLine; lineno++) {
        const measure = map.lines.get(lineno);
        lines.push({
          lineno,
          contents: sourceLines[lineno - 1] ?? '',
          memUsage: measure ? measure.memory : null,
          increment: measure ? measure.increment : null,
          occurrences: measure ? measure.occurrences : null,
        });
      }
      out.push({ filename, name, lines });
    }
    return out;
  }
}
