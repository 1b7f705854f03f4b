// tracemalloc.Frame. V8 attributes an allocation to a function, not to a line, so a frame is the
// allocating function's own position (file:line of its parameter list) plus its name.
import { inspect } from 'node:util';
import { stringRepr } from '../pyrepr.js';
import { checkFrameArgs } from './checks.js';

export class Frame {
  readonly filename: string;
  readonly lineno: number;
  /** The function's name as V8 reports it ('' for module top level and anonymous functions). */
  readonly name: string;

  constructor(filename: string, lineno: number, name = '') {
    checkFrameArgs(filename, lineno, name);
    this.filename = filename;
    this.lineno = lineno;
    this.name = name;
    Object.freeze(this);
  }

  /** Identity for grouping (Python hashes the (filename, lineno) tuple). */
  get key(): string {
    return `${this.filename}\0${this.lineno}\0${this.name}`;
  }

  equals(other: Frame): boolean {
    return this.filename === other.filename && this.lineno === other.lineno && this.name === other.name;
  }

  /** Python's tuple ordering on (filename, lineno), then the name. */
  compare(other: Frame): number {
    if (this.filename !== other.filename) return this.filename < other.filename ? -1 : 1;
    if (this.lineno !== other.lineno) return this.lineno - other.lineno;
    if (this.name !== other.name) return this.name < other.name ? -1 : 1;
    return 0;
  }

  toString(): string {
    return this.name ? `${this.filename}:${this.lineno} (${this.name})` : `${this.filename}:${this.lineno}`;
  }

  [inspect.custom](): string {
    return `<Frame filename=${stringRepr(this.filename)} lineno=${this.lineno} name=${stringRepr(this.name)}>`;
  }
}
