// memoryUsage(): memory_profiler's memory_usage() for a pid, a function, or a command.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { memoryInfo } from '../psutil/index.js';
import { invalidArgType, outOfRange, checkPid } from '../validate.js';
import { chldLine, memLine } from './mprofile.js';
import { sampleProcess } from './sample-process.js';
import { BACKENDS, checkBackend, type Backend, type Reading, type SamplerOptions } from './sampler.js';
import { sampleWhileRunning } from './self-sampler.js';

export interface MemoryUsageOptions {
  /** seconds between samples (default 0.1) */
  readonly interval?: number;
  /** stop sampling after this many seconds of wall time (the process or function runs on); finite */
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
  /** called with each reading as it is taken; if it throws, sampling stops and the promise rejects */
  readonly onSample?: (reading: Reading) => void;
  /**
   * memory_profiler's `stream`: each reading is written to it as mprof lines (`MEM <MiB> <time>`,
   * `CHLD <pid> <MiB> <time>`) instead of being kept; the result is then [] (or the peak with maxUsage)
   */
  readonly stream?: { write(text: string): unknown };
  /**
   * memory_profiler's `max_iterations`: at most this many samples of a pid or a command (a pid
   * without timeout: default 1). A function is called once, as memkit never re-runs it.
   */
  readonly maxIterations?: number;
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
  maxIterations: number | undefined;
  sampler: SamplerOptions;
}

const FLAGS = ['includeChildren', 'multiprocess', 'maxUsage', 'retval', 'timestamps'] as const;

/** Every option is checked before anything runs or is sampled. */
function checkOptions(options: MemoryUsageOptions): Checked {
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  const { interval = 0.1, timeout, backend = 'rss', maxIterations, onSample, stream } = options;
  if (typeof interval !== 'number' || !(interval > 0) || !Number.isFinite(interval)) {
    throw outOfRange('options.interval', 'a number of seconds > 0', interval);
  }
  // memory_profiler cannot take an infinite timeout either (int(round(inf)) raises); a pid
  // that never exits would never resolve.
  if (timeout !== undefined && (typeof timeout !== 'number' || !(timeout > 0) || !Number.isFinite(timeout))) {
    throw outOfRange('options.timeout', 'a finite number of seconds > 0', timeout);
  }
  if (maxIterations !== undefined && !(Number.isInteger(maxIterations) && maxIterations > 0) && maxIterations !== Infinity) {
    throw outOfRange('options.maxIterations', 'an integer >= 1 or Infinity', maxIterations);
  }
  for (const flag of FLAGS) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') throw invalidArgType(`options.${flag}`, 'of type boolean', options[flag]);
  }
  if (onSample !== undefined && typeof onSample !== 'function') throw invalidArgType('options.onSample', 'a function', onSample);
  if (stream !== undefined && (stream === null || typeof stream !== 'object' || typeof stream.write !== 'function')) {
    throw invalidArgType('options.stream', 'a writable stream (an object with write())', stream);
  }
  if (!BACKENDS.includes(backend)) throw invalidArgType('options.backend', `one of ${BACKENDS.join(', ')}`, backend);
  checkBackend(backend);
  const sampler = { backend, includeChildren: Boolean(options.includeChildren), multiprocess: Boolean(options.multiprocess) };
  return { interval, timeout, maxIterations, sampler };
}

function shape(readings: Reading[], options: MemoryUsageOptions): number | unknown[] {
  if (options.maxUsage) return readings.reduce((max, r) => Math.max(max, r.mem), -1);
  if (options.stream) return [];
  return readings.map((r) => {
    const sample = options.timestamps ? [r.mem, r.ts] : r.mem;
    return options.multiprocess ? [sample, ...r.children.map(([, mem]) => mem)] : sample;
  });
}

/** Settles after `timeout` seconds of wall time (never without one); `cancel` clears the timer. */
function deadline(timeout: number | undefined): { reached: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const reached = new Promise<void>((resolve) => {
    if (timeout !== undefined) timer = setTimeout(resolve, timeout * 1000);
  });
  return { reached, cancel: () => clearTimeout(timer) };
}

async function sampleCommand(command: readonly string[], checked: Checked, onReading: (r: Reading) => void, stop: Promise<unknown>): Promise<void> {
  const child = spawn(command[0], command.slice(1), { stdio: 'inherit' });
  await once(child, 'spawn');
  const exited = Promise.race([once(child, 'exit'), stop]);
  await sampleProcess(child.pid!, checked.sampler, onReading, { interval: checked.interval, exited, maxSamples: checked.maxIterations });
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
  // A throwing onSample or stream ends sampling and rejects; it must not escape from a timer.
  let failure: { error: unknown } | undefined;
  let fail = (_error: unknown) => {};
  const failed = new Promise<void>((resolve) => {
    fail = (error) => {
      failure ??= { error };
      resolve();
    };
  });
  const onReading = (reading: Reading) => {
    if (failure) return;
    try {
      opts.onSample?.(reading);
      if (opts.stream) {
        let text = memLine(reading.mem, reading.ts);
        for (const [pid, mem] of reading.children) text += chldLine(pid, mem, reading.ts);
        opts.stream.write(text);
      }
    } catch (error) {
      fail(error);
      return;
    }
    if (opts.stream && !opts.maxUsage) return;
    readings.push(reading);
  };
  const time = deadline(checked.timeout);
  const stop = Promise.race([time.reached, failed]);
  let returned: unknown;
  try {
    if (typeof target === 'number') {
      const pid = target === -1 ? process.pid : checkPid('target', target);
      memoryInfo(pid); // NoSuchProcess (or AccessDenied) now, as memory_profiler raises
      const maxSamples = checked.maxIterations ?? (checked.timeout === undefined ? 1 : Infinity);
      let taken = 0;
      await sampleProcess(pid, checked.sampler, (reading) => {
        taken += 1;
        onReading(reading);
      }, { interval: checked.interval, maxSamples, exited: stop });
      if (taken === 0) memoryInfo(pid); // it ended before the first sample: say so
    } else if (typeof target === 'function' || (Array.isArray(target) && typeof target[0] === 'function')) {
      const [fn, args = [], kwargs] = (typeof target === 'function' ? [target] : target) as [Function, unknown[]?, object?];
      if (!Array.isArray(args)) throw invalidArgType('target[1]', 'an array of arguments', args);
      const callArgs = kwargs === undefined ? args : [...args, kwargs];
      const result = await sampleWhileRunning(() => fn(...callArgs), checked.interval, checked.timeout, checked.sampler);
      result.readings.forEach(onReading);
      returned = result.returned;
    } else if (Array.isArray(target) && target.length > 0 && target.every((arg) => typeof arg === 'string')) {
      await sampleCommand(target as readonly string[], checked, onReading, stop);
    } else {
      throw invalidArgType('target', 'a pid, a function, [fn, args, kwargs] or a command array of strings', target);
    }
  } finally {
    time.cancel();
  }
  if (failure) throw failure.error;
  const usage = shape(readings, opts);
  return (opts.retval ? [usage, returned] : usage) as MemoryUsageResult<T, O>;
}
