// tracemalloc.Traceback: frames from the oldest to the most recent, as Python orders them.
import { inspect } from 'node:util';
import { Frame } from './frame.js';
import { getline } from './source-lines.js';
import { invalidArgType } from '../validate.js';

export class Traceback implements Iterable<Frame> {
  readonly [index: number]: Frame;
  readonly length: number;
  /** Grouping identity: the frames' keys. */
  readonly key: string;

  /** `frames` from the oldest to the most recent (Python's public order). */
  constructor(frames: Iterable<Frame>) {
    const list = [...frames];
    list.forEach((frame, i) => {
      if (!(frame instanceof Frame)) throw invalidArgType(`frames[${i}]`, 'an instance of Frame', frame);
      (this as unknown as Frame[])[i] = frame;
    });
    this.length = list.length;
    this.key = list.map((frame) => frame.key).join('\n');
    Object.freeze(this);
  }

  /** Index with Python's negative indices: `at(-1)` is the most recent frame. */
  at(index: number): Frame | undefined {
    return this[index < 0 ? this.length + index : index];
  }

  *[Symbol.iterator](): IterableIterator<Frame> {
    for (let i = 0; i < this.length; i++) yield this[i];
  }

  includes(frame: Frame): boolean {
    for (const own of this) if (own.equals(frame)) return true;
    return false;
  }

  equals(other: Traceback): boolean {
    return this.key === other.key;
  }

  /** Python's tuple ordering of the frames. */
  compare(other: Traceback): number {
    const n = Math.min(this.length, other.length);
    for (let i = 0; i < n; i++) {
      const order = this[i].compare(other[i]);
      if (order !== 0) return order;
    }
    return this.length - other.length;
  }

  /** Python prints a traceback as its first (oldest) frame. */
  toString(): string {
    return this.length > 0 ? String(this[0]) : '';
  }

  /** Python's Traceback.format(): `  File "x.js", line 3, in name` and the source line. */
  format(limit: number | null = null, mostRecentFirst = false): string[] {
    if (limit !== null && !Number.isInteger(limit)) throw invalidArgType('limit', 'an integer or null', limit);
    let frames = [...this];
    if (limit !== null) frames = limit > 0 ? frames.slice(-limit) : frames.slice(0, limit);
    if (mostRecentFirst) frames.reverse();
    const lines: string[] = [];
    for (const frame of frames) {
      lines.push(`  File "${frame.filename}", line ${frame.lineno}${frame.name ? `, in ${frame.name}` : ''}`);
      const line = getline(frame.filename, frame.lineno).trim();
      if (line) lines.push(`    ${line}`);
    }
    return lines;
  }

  [inspect.custom](): string {
    const frames = [...this].map((frame) => frame[inspect.custom]());
    return `<Traceback (${frames.join(', ')}${frames.length === 1 ? ',' : ''})>`;
  }
}
