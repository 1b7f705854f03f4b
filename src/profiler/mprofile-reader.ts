// Reads mprofile .dat files (format: mprofile.ts) into columns: per series one Float64Array of
// MiB and one of timestamps, grown by doubling, never one object per sample, so that a
// 2-million-sample file takes 32 MB and well under a second. The file is read in chunks of
// bytes, not decoded to one string. MEM and CHLD lines whose numbers are plain decimals (all
// that mprof and memkit write) are parsed straight from the bytes; any other line is decoded
// and parsed as mprof's reader does (Python float()), but strictly.
import fs from 'node:fs';
import type { FuncSpan } from './mprofile.js';

/** One series: mem[i] MiB at ts[i] (unix seconds); both of one length. */
export interface Samples {
  readonly mem: Float64Array;
  readonly ts: Float64Array;
}

export interface MprofileColumns {
  readonly cmdline: string | null;
  readonly mem: Samples;
  /** per child pid, in the order the file first names them */
  readonly children: Map<number, Samples>;
  readonly funcs: FuncSpan[];
}

/** A malformed line: names the file (when known) and the 1-based line. */
export class MprofileSyntaxError extends SyntaxError {
  readonly file: string;
  readonly line: number;
  constructor(file: string, line: number, reason: string) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'MprofileSyntaxError';
    this.file = file;
    this.line = line;
  }
}

class SampleColumns {
  private mem = new Float64Array(1024);
  private ts = new Float64Array(1024);
  private length = 0;

  push(mem: number, ts: number): void {
    if (this.length === this.mem.length) {
      const [oldMem, oldTs] = [this.mem, this.ts];
      this.mem = new Float64Array(this.length * 2);
      this.ts = new Float64Array(this.length * 2);
      this.mem.set(oldMem);
      this.ts.set(oldTs);
    }
    this.mem[this.length] = mem;
    this.ts[this.length++] = ts;
  }

  done(): Samples {
    return { mem: this.mem.subarray(0, this.length), ts: this.ts.subarray(0, this.length) };
  }
}

/** Python float(): what mprof's reader accepts. */
function toFloat(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(trimmed)) return undefined;
  return /inf/i.test(trimmed) ? (trimmed.startsWith('-') ? -Infinity : Infinity) : Number(trimmed);
}

// Powers of ten as literals: each exact, as 10 ** i need not be.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const SPACE = 32;

/**
 * The plain decimal (digits, at most one point) at bytes[from..] that ends at a space or at
 * `end`: its value in `decimal.value` and the index after it, or -1 for anything else. Up to
 * 15 digits the digits are an exact integer and the power of ten exact, so one division gives
 * the correctly rounded value, the same double as Number(text).
 */
function decimalAt(bytes: Uint8Array, from: number, end: number): number {
  let digits = 0;
  let integer = 0;
  let decimals = -1;
  let i = from;
  for (; i < end; i++) {
    const c = bytes[i];
    if (c >= 48 && c <= 57) {
      integer = integer * 10 + (c - 48);
      digits++;
      if (decimals >= 0) decimals++;
    } else if (c === 46 && decimals < 0) {
      decimals = 0;
    } else if (c === SPACE) {
      break;
    } else {
      return -1;
    }
  }
  if (digits === 0 || digits > 15) return -1;
  decimal.value = decimals > 0 ? integer / POW10[decimals] : integer;
  return i;
}
const decimal = { value: 0 };

const startsWith = (bytes: Uint8Array, at: number, end: number, word: readonly number[]) => {
  if (end - at < word.length) return false;
  for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word[i]) return false;
  return true;
};
const MEM_ = [77, 69, 77, 32];
const CHLD_ = [67, 72, 76, 68, 32];

class MprofileParser {
  private cmdline: string | null = null;
  private readonly mem = new SampleColumns();
  private readonly children = new Map<number, SampleColumns>();
  private readonly funcs: FuncSpan[] = [];
  private number = 0;

  constructor(private readonly file: string) {}

  /** Parses the lines of bytes[0, length) that end in a newline; returns where the rest starts. */
  lines(bytes: Buffer, length: number): number {
    let start = 0;
    for (let end = bytes.indexOf(10, 0); end >= 0 && end < length; end = bytes.indexOf(10, start)) {
      this.line(bytes, start, end);
      start = end + 1;
    }
    return start;
  }

  /** The line bytes[start, end) without its newline. */
  line(bytes: Buffer, start: number, end: number): void {
    this.number++;
    if (end > start && bytes[end - 1] === 13) end--;
    if (startsWith(bytes, start, end, MEM_)) {
      const afterMem = decimalAt(bytes, start + 4, end);
      const mem = decimal.value;
      if (afterMem > 0 && afterMem < end && decimalAt(bytes, afterMem + 1, end) > 0) {
        this.mem.push(mem, decimal.value);
        return;
      }
    } else if (startsWith(bytes, start, end, CHLD_)) {
      const afterPid = decimalAt(bytes, start + 5, end);
      const pid = decimal.value;
      const afterMem = afterPid > 0 && afterPid < end ? decimalAt(bytes, afterPid + 1, end) : -1;
      const mem = decimal.value;
      if (Number.isInteger(pid) && afterMem > 0 && afterMem < end && decimalAt(bytes, afterMem + 1, end) > 0) {
        this.child(pid).push(mem, decimal.value);
        return;
      }
    }
    this.textLine(bytes.toString('utf8', start, end));
  }

  private child(pid: number): SampleColumns {
    let series = this.children.get(pid);
    if (series === undefined) {
      series = new SampleColumns();
      this.children.set(pid, series);
    }
    return series;
  }

  private textLine(line: string): void {
    const fail = (reason: string): never => {
      throw new MprofileSyntaxError(this.file, this.number, reason);
    };
    if (line === '') fail('empty line (mprof: "Sampling time was too short")');
    const space = line.indexOf(' ');
    if (space < 0) fail(`expected "<FIELD> <values>", got ${JSON.stringify(line.slice(0, 40))}`);
    const field = line.slice(0, space);
    const values = line.slice(space + 1).split(' ');
    const numbers = (count: number, what: string): number[] => {
      const parsed = values.slice(0, count).map(toFloat);
      if (values.length < count || parsed.some((v) => v === undefined)) fail(`${field} needs ${what}`);
      return parsed as number[];
    };
    switch (field) {
      case 'CMDLINE':
        this.cmdline = line.slice(space + 1);
        break;
      case 'MEM': {
        const [mem, ts] = numbers(2, '<MiB> <timestamp>');
        this.mem.push(mem, ts);
        break;
      }
      case 'CHLD': {
        const [pid, mem, ts] = numbers(3, '<pid> <MiB> <timestamp>');
        if (!Number.isInteger(pid)) fail('CHLD pid must be an integer');
        this.child(pid).push(mem, ts);
        break;
      }
      case 'FUNC': {
        const name = values.shift();
        const [memStart, start, memEnd, end] = numbers(4, '<name> <MiB> <start> <MiB> <end> [level]');
        const level = values.length >= 5 ? toFloat(values[4]) : undefined;
        this.funcs.push({ name: name ?? '', start: { mem: memStart, ts: start }, end: { mem: memEnd, ts: end }, level });
        break;
      }
      default:
        // mprof ignores other fields; so do we, so newer writers stay readable.
        break;
    }
  }

  result(): MprofileColumns {
    const children = new Map([...this.children].map(([pid, series]) => [pid, series.done()]));
    return { cmdline: this.cmdline, mem: this.mem.done(), children, funcs: this.funcs };
  }
}

/** Parses a whole .dat file's bytes. */
export function parseMprofileBytes(bytes: Buffer, file = '<string>'): MprofileColumns {
  const parser = new MprofileParser(file);
  const rest = parser.lines(bytes, bytes.length);
  if (rest < bytes.length) parser.line(bytes, rest, bytes.length);
  return parser.result();
}

const CHUNK = 1 << 22;

/** Reads and parses a .dat file chunk by chunk; fs errors are thrown as they come. */
export function readMprofileFile(file: string): MprofileColumns {
  const parser = new MprofileParser(file);
  const fd = fs.openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(CHUNK);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
      const read = fs.readSync(fd, buffer, filled, buffer.length - filled, null);
      if (read === 0) break;
      filled += read;
      // the unfinished last line moves to the front, to be completed by the next read
      const rest = parser.lines(buffer, filled);
      buffer.copy(buffer, 0, rest, filled);
      filled -= rest;
    }
    if (filled > 0) parser.line(buffer, 0, filled);
  } finally {
    fs.closeSync(fd);
  }
  return parser.result();
}
