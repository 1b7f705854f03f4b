// The attribute names Process.asDict() and processIter() take, as psutil's as_dict().
import { stringRepr } from '../pyrepr.js';
import { invalidArgType } from '../validate.js';

/** Process.asDict()'s attribute names: every method that reads something, as psutil's as_dict. */
export const AS_DICT_ATTRS = Object.freeze([
  'pid', 'name', 'ppid', 'status', 'createTime', 'cpuTimes', 'numCtxSwitches', 'uids',
  'memoryInfo', 'memoryFullInfo', 'memoryPercent', 'memoryMaps',
] as const);
export type AsDictAttr = (typeof AS_DICT_ATTRS)[number];

// psutil's own names work too (`processIter(['name', 'memory_info'])` as in Python), keyed as given.
const SNAKE_ALIASES: Readonly<Record<string, AsDictAttr>> = {
  create_time: 'createTime', cpu_times: 'cpuTimes', num_ctx_switches: 'numCtxSwitches',
  memory_info: 'memoryInfo', memory_full_info: 'memoryFullInfo', memory_percent: 'memoryPercent',
  memory_maps: 'memoryMaps',
};

export function attrMethod(name: string): AsDictAttr | undefined {
  return (AS_DICT_ATTRS as readonly string[]).includes(name) ? (name as AsDictAttr) : SNAKE_ALIASES[name];
}

/** The names in `attrs`, deduplicated; TypeError or RangeError for anything else. */
export function checkAttrs(attrs: unknown): string[] {
  // a string is iterable too, but psutil takes only a list, tuple or set of names
  if (attrs === null || typeof attrs !== 'object' || typeof (attrs as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw invalidArgType('attrs', 'an array or Set of attribute names', attrs);
  }
  const names = [...new Set(attrs as Iterable<unknown>)];
  const invalid = names.filter((name) => typeof name !== 'string' || attrMethod(name) === undefined);
  if (invalid.length > 0) {
    const list = invalid.map((name) => (typeof name === 'string' ? stringRepr(name) : String(name))).join(', ');
    throw new RangeError(`invalid attr name${invalid.length > 1 ? 's' : ''} ${list} in "attrs"; valid names are ${AS_DICT_ATTRS.join(', ')} (or psutil's snake_case names)`);
  }
  return names as string[];
}
