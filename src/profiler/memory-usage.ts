// memoryUsage(): memory_profiler's memory_usage() for a pid, a function, or a command.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { invalidArgType, outOfRange, checkPid } from '../validate.js';
import { sampleProcess } from './sample-process.js';
import { BACKENDS, checkBackend, type Backend, type Reading, type SamplerOptions } from './sampler.js';
import { sampleWhileRunning } from './self-sampler.js';

export interface MemoryUsageOptions {
  /** seconds between samples (default 0.1) */
  readonly interval?: number;
  /** stop sampling after this many seconds (the process or function runs on) */
  readonly timeout?: number;
  /** sum the memory of all descendants into each sample */
  readonly includeChildren?: boolean;
  /** each sample becomes [own, child1, child2, ...] */
  readonly multiprocess?: boolean;
  /** return only the largest sample */
  readonly maxUsage?: boolean;
  /** for a function target: return [usage, the function's return value] */
  readonly retval?: boolean;
  /** each sample becomes [MiB, unix time in seconds] */
  readonly timestamps?: boolean;
  /** 'rss' (default), 'uss' (Linux, macOS) or 'pss' (Linux) */
  readonly backend?: Backend;
  /** called with each reading as it is taken, like memory_profiler's `stream` */
  readonly onSample?: (reading: Reading) => void;
}

type AnyFunction = (...args: never[]) => unknown;
/** `fn`, `[fn]`, `[fn, args]` or `[fn, args, options]`; options is passed as the last argument. */
export type FunctionTarget<F extends AnyFunction = AnyFunction> =
  | F
  | readonly [F]
  | readonly [F, readonly unknown[]]
  | readonly [F, readonly unknown[], Record<string, unknown>];
/** A pid (-1: this process), a function target, or a command to spawn: [file, ...args]. */
export type MemoryUsageTarget = number | FunctionTarget | readonly string[];

type Sample<O> = O extends { timestamps: true } ? [mem: number, ts: number] : number;
type Row<O> = O extends { multiprocess: true } ? [Sample<O>, ...number[]] : Sample<O>;
export type MemoryUsage<O> = O extends { maxUsage: true } ? number : Array<Row<O>>;
type Returned<T> = T extends FunctionTarget<infer F> ? Awaited<ReturnType<F>> : never;
export type MemoryUsageResult<T, O> = O extends { retval: true } ? [MemoryUsage<O>, Returned<T>] : MemoryUsage<O>;

interface Checked {
  interval: number;
  timeout: number | undefined;
  sampler: SamplerOptions;
}

function checkOptions(options: MemoryUsageOptions): Checked {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  const { interval = 0.1, timeout, backend = 'rss' } = options;
  if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
    throw outOfRange('options.interval', 'a number of seconds > 0', interval);
  }
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0))) {
    throw outOfRange('options.timeout', 'a number of seconds > 0', timeout);
  }
  if (!BACKENDS.includes(backend)) throw invalidArgType('options.backend', `one of ${BACKENDS.join(', ')}`, backend);
  checkBackend(backend);
  const sampler = { backend, includeChildren: Boolean(options.includeChildren), multiprocess: Boolean(options.multiprocess) };
  return { interval, timeout, sampler };
}

function shape(readings: Reading[], options: MemoryUsageOptions): number | unknown[] {
  if (options.maxUsage) return readings.reduce((max, r) => Math.max(max, r.mem), -1);
  return readings.map((r) => {
    const sample = options.timestamps ? [r.mem, r.ts] : r.mem;
    return options.multiprocess ? [sample, ...r.children.map(([, mem]) => mem)] : sample;
  });
}

async function sampleCommand(command: readonly string[], checked: Checked, onReading: (r: Reading) => void): Promise<void> {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  await once(child, 'spawn');
  const exited = once(child, 'exit');
  await sampleProcess(child.pid!, checked.sampler, onReading, { interval: checked.interval, exited });
  // After a timeout the command runs on, as under memory_profiler; do not keep Node alive for it.
  child.unref();
}

/**
 * memory_profiler's memory_usage(): samples memory in MiB every `interval` seconds.
 * A pid is sampled once, or for `timeout` seconds; a command until it exits; a function in this
 * process (sync or async) from a worker thread while it runs, with a baseline sample before
 * it starts and one after it returns.
 */
export async function memoryUsage<const T extends MemoryUsageTarget, const O extends MemoryUsageOptions = {}>(
  target: T,
  options?: O,
): Promise<MemoryUsageResult<T, O>> {
  const opts: MemoryUsageOptions = options ?? {};
  const checked = checkOptions(opts);
  const readings: Reading[] = [];
  const onReading = (reading: Reading) => {
    readings.push(reading);
    opts.onSample?.(reading);
  };
  let returned: unknown;
  if (typeof target === 'number') {
    const pid = target === -1 ? process.pid : checkPid('target', target);
    const maxSamples = checked.timeout === undefined ? 1 : Math.max(1, Math.round(checked.timeout / checked.interval));
    await sampleProcess(pid, checked.sampler, onReading, { interval: checked.interval, maxSamples });
  } else if (typeof target === 'function' || (Array.isArray(target) && typeof target[0] === 'function')) {
    const [fn, args = [], kwargs] = (typeof target === 'function' ? [target] : target) as [Function, unknown[]?, object?];
    if (!Array.isArray(args)) throw invalidArgType('target[1]', 'an array of arguments', args);
    const callArgs = kwargs === undefined ? args : [...args, kwargs];
    const result = await sampleWhileRunning(() => fn(...callArgs), checked.interval, checked.timeout, checked.sampler);
    result.readings.forEach(onReading);
    returned = result.returned;
  } else if (Array.isArray(target) && target.length > 0 && target.every((arg) => typeof arg === 'string')) {
    await sampleCommand(target as readonly string[], checked, onReading);
  } else {
    throw invalidArgType('target', 'a pid, a function, [fn, args, kwargs] or a command array of strings', target);
  }
  const usage = shape(readings, opts);
  return (opts.retval ? [usage, returned] : usage) as MemoryUsageResult<T, O>;
}
