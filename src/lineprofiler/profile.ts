// profile(): memory_profiler's @profile for functions, methods (standard decorators) and classes.
import { registerWrapper } from './wrappers.js';
import { formatResults } from './format.js';
import { LineProfiler, profilingTraps } from './line-profiler.js';
import { checkFunction, checkOptions, type CheckedOptions, type ProfileOptions } from './options.js';
import { stampCalls, stampFile } from './timestamper.js';

interface DecoratorContext {
  readonly kind: string;
}

// On globalThis, so that every copy of memkit a program loads records into the same profiler.
const SHARED = Symbol.for('memkit.lineprofiler.shared');
const holder = globalThis as { [SHARED]?: LineProfiler };

/**
 * Makes every later profile() record into `profiler` instead of printing a table per call, as
 * `python -m memory_profiler` does with its one LineProfiler (used by `memkit profile`).
 */
export function useSharedProfiler(profiler: LineProfiler | undefined): void {
  holder[SHARED] = profiler;
}

function isDecoratorContext(value: unknown): value is DecoratorContext {
  return value !== null && typeof value === 'object' && typeof (value as DecoratorContext).kind === 'string';
}

function profileFunction<F extends Function>(fn: F, options: CheckedOptions): F {
  checkFunction('fn', fn);
  if (stampFile() !== undefined) return stampCalls(fn);
  const shared = holder[SHARED];
  if (shared !== undefined) return shared.wrap(fn);
  // Checks the function has source now, not at its first call.
  new LineProfiler(options.backend).add(fn);
  const print = (profiler: LineProfiler) => options.stream.write(formatResults(profiler.results(), options.precision));
  return registerWrapper(new Proxy(fn, profilingTraps<F>((measured, target, invoke) => {
    const profiler = new LineProfiler(options.backend);
    return profiler.call(measured, profiler.add(target), target, invoke, () => print(profiler));
  })), fn);
}

export type Decorator = <F extends Function>(fn: F, context?: DecoratorContext) => F;

/**
 * memory_profiler's `profile`: returns `fn` wrapped so that each call prints the line-by-line
 * memory table of `fn` to `options.stream` once the call is over (an async call once it
 * settles, a generator once it finishes), also when it throws. Used as a standard decorator
 * (`@profile` on a method or class, `@profile({ precision: 3 })`) it wraps the method, or the
 * class's constructor.
 */
export function profile<F extends Function>(fn: F, options?: ProfileOptions): F;
export function profile<F extends Function>(fn: F, context: DecoratorContext): F;
export function profile(options?: ProfileOptions): Decorator;
export function profile(target?: unknown, second?: unknown): unknown {
  if (target === undefined || (target !== null && typeof target === 'object')) {
    const options = checkOptions(target ?? {});
    return (fn: Function) => profileFunction(fn, options);
  }
  if (isDecoratorContext(second)) return profileFunction(checkFunction('fn', target), checkOptions({}));
  return profileFunction(checkFunction('fn', target), checkOptions(second ?? {}));
}
