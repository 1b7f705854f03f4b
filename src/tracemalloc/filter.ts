// tracemalloc.Filter: fnmatch on the most recent frame's filename (or on any frame).
import { fnmatch } from './fnmatch.js';
import { checkBoolean, checkLineno, checkString } from './checks.js';
import type { Trace } from './trace.js';
import { invalidArgType } from '../validate.js';

export class Filter {
  readonly inclusive: boolean;
  readonly filenamePattern: string;
  readonly lineno: number | null;
  readonly allFrames: boolean;

  constructor(inclusive: boolean, filenamePattern: string, lineno: number | null = null, allFrames = false) {
    checkBoolean('inclusive', inclusive);
    checkString('filenamePattern', filenamePattern);
    if (lineno !== null) checkLineno('lineno', lineno);
    checkBoolean('allFrames', allFrames);
    this.inclusive = inclusive;
    this.filenamePattern = filenamePattern;
    this.lineno = lineno;
    this.allFrames = allFrames;
    Object.freeze(this);
  }

  #matchFrame(filename: string, lineno: number): boolean {
    if (!fnmatch(filename, this.filenamePattern)) return false;
    return this.lineno === null || lineno === this.lineno;
  }

  /** Python's Filter._match: true when the trace passes this filter. */
  match(trace: Trace): boolean {
    const { traceback } = trace;
    if (this.allFrames) {
      for (const frame of traceback) if (this.#matchFrame(frame.filename, frame.lineno)) return this.inclusive;
      return !this.inclusive;
    }
    const recent = traceback.at(-1);
    const matched = recent !== undefined && this.#matchFrame(recent.filename, recent.lineno);
    return matched !== !this.inclusive;
  }
}

export function checkFilters(filters: unknown): Filter[] {
  if (filters === null || typeof filters !== 'object' || !(Symbol.iterator in filters)) {
    throw invalidArgType('filters', 'an iterable of Filter', filters);
  }
  const list = [...(filters as Iterable<unknown>)];
  list.forEach((filter, i) => {
    if (!(filter instanceof Filter)) throw invalidArgType(`filters[${i}]`, 'an instance of Filter', filter);
  });
  return list as Filter[];
}
