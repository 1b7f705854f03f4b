// Argument checks for profile(), with Node's error shapes (see ../validate.ts).
import { invalidArgType, outOfRange } from '../validate.js';
import { checkBackend as checkMemoryBackend } from '../profiler/sampler.js';
import { LINE_BACKENDS, type LineBackend } from './memory.js';

export interface Writable {
  write(text: string): unknown;
}

export interface ProfileOptions {
  /** 'rss' (default, as memory_profiler), 'heap' (V8's used heap) or 'uss' (Linux, macOS) */
  readonly backend?: LineBackend;
  /** decimals of the MiB figures (default 1, as memory_profiler) */
  readonly precision?: number;
  /** where the table goes after each call (default process.stderr) */
  readonly stream?: Writable;
}

export interface CheckedOptions {
  readonly backend: LineBackend;
  readonly precision: number;
  readonly stream: Writable;
}

export function checkFunction(name: string, value: unknown): Function {
  if (typeof value !== 'function') throw invalidArgType(name, 'of type function', value);
  return value;
}

checkFunction.noSource = (fn: Function): TypeError =>
  invalidArgType('fn', 'a function with JavaScript source (not native or bound)', fn);

export function checkPrecision(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw invalidArgType(name, 'an integer', value);
  if (value < 0 || value > 20) throw outOfRange(name, '>= 0 and <= 20', value);
  return value;
}

export function checkBackend(name: string, value: unknown): LineBackend {
  if (!LINE_BACKENDS.includes(value as LineBackend)) {
    throw invalidArgType(name, `one of ${LINE_BACKENDS.map((b) => `'${b}'`).join(', ')}`, value);
  }
  const backend = value as LineBackend;
  if (backend !== 'heap') checkMemoryBackend(backend);
  return backend;
}

export function checkStream(name: string, value: unknown): Writable {
  if (value === null || typeof value !== 'object' || typeof (value as Writable).write !== 'function') {
    throw invalidArgType(name, 'a stream (an object with a write method)', value);
  }
  return value as Writable;
}

export function checkOptions(options: unknown): CheckedOptions {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  const { backend = 'rss', precision = 1, stream = process.stderr } = options as ProfileOptions;
  return {
    backend: checkBackend('options.backend', backend),
    precision: checkPrecision('options.precision', precision),
    stream: checkStream('options.stream', stream),
  };
}
