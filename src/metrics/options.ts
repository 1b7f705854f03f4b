// The options shared by the prom-client collector, the OpenTelemetry instruments and the exporter.
import { checkPid, invalidArgType } from '../validate.js';

export interface ProcessMetricsOptions {
  /** Report the calling process, without pid/name labels (default true). */
  readonly self?: boolean;
  /** Other processes to watch, by pid; a pid that exits vanishes from the next reading. */
  readonly pids?: Iterable<number>;
  /** Watch every process whose name or command line (Linux) matches: a RegExp or its source. */
  readonly match?: RegExp | string;
  /** Also watch the descendants of this process (with `self`) and of the watched ones. */
  readonly children?: boolean;
  /** Add memoryFullInfo()'s fields (uss, pss, swap on Linux; uss on macOS): costlier. */
  readonly fullInfo?: boolean;
}

/** The options checked once: what each reading does. */
export interface WatchPlan {
  readonly self: boolean;
  readonly pids: readonly number[];
  readonly match: RegExp | null;
  readonly children: boolean;
  readonly fullInfo: boolean;
  /** No selector at all with `self: false`: every process on the machine (the exporter's default). */
  readonly everyProcess: boolean;
}

function flag(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgType(`options.${name}`, 'a boolean', value);
  return value;
}

function pattern(value: unknown): RegExp | null {
  if (value === undefined) return null;
  if (value instanceof RegExp) return new RegExp(value.source, value.flags.replace(/[gy]/g, ''));
  if (typeof value !== 'string') throw invalidArgType('options.match', 'a RegExp or a string', value);
  try {
    return new RegExp(value);
  } catch (error) {
    throw new SyntaxError(`options.match is not a valid regular expression: ${(error as Error).message}`);
  }
}

function pidList(value: unknown): number[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<number>)[Symbol.iterator] !== 'function') {
    throw invalidArgType('options.pids', 'an iterable of pids', value);
  }
  return [...new Set(Array.from(value as Iterable<unknown>, (pid, i) => checkPid(`options.pids[${i}]`, pid)))];
}

export function watchPlan(options: ProcessMetricsOptions | undefined, defaults: { self: boolean }): WatchPlan {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') throw invalidArgType('options', 'an object', options);
  const self = flag('self', options.self, defaults.self);
  const pids = pidList(options.pids);
  const match = pattern(options.match);
  const children = flag('children', options.children, false);
  const fullInfo = flag('fullInfo', options.fullInfo, false);
  const everyProcess = !self && pids.length === 0 && match === null;
  return { self, pids, match, children, fullInfo, everyProcess };
}
