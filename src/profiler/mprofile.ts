// memory_profiler's mprofile .dat format, line for line as `mprof run` writes it
// (memory_profiler 0.61 mprof.py and memory_usage(stream=...)):
//   CMDLINE <args joined by spaces, those with a blank in single quotes>
//   MEM <MiB, 6 decimals> <unix time, 4 decimals>
//   CHLD <child pid> <MiB, 6 decimals> <unix time, 4 decimals>
//   FUNC <module.name> <MiB start> <t start> <MiB end> <t end> <stack level from 0>
// Numbers are formatted as Python's '%.Nf' does (pyformat.ts), ties to even.

import { percentF } from '../pyformat.js';

export interface MemPoint {
  /** MiB (2^20 bytes) */
  readonly mem: number;
  /** unix time, seconds */
  readonly ts: number;
}

export interface FuncSpan {
  readonly name: string;
  readonly start: MemPoint;
  readonly end: MemPoint;
  readonly level?: number;
}

export interface Mprofile {
  readonly cmdline: string | null;
  readonly mem: MemPoint[];
  /** per child pid, in the order the file first names them */
  readonly children: Map<number, MemPoint[]>;
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

/** mprof's get_cmd_line: arguments containing a space or tab are single-quoted. */
export function formatCmdline(args: readonly string[]): string {
  return args.map((arg) => (/[ \t]/.test(arg) ? `'${arg}'` : arg)).join(' ');
}

export const cmdlineLine = (args: readonly string[]): string => `CMDLINE ${formatCmdline(args)}\n`;
export const memLine = (mem: number, ts: number): string => `MEM ${percentF(mem, 6)} ${percentF(ts, 4)}\n`;
export const chldLine = (pid: number, mem: number, ts: number): string =>
  `CHLD ${pid} ${percentF(mem, 6)} ${percentF(ts, 4)}\n`;

/** mprof's default output name: mprofile_YYYYMMDDhhmmss.dat in local time. */
export function defaultProfileName(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`
    + `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `mprofile_${stamp}.dat`;
}

/** Digits with at most one point, as every number memkit and mprof write: the common case. */
function plainDecimal(text: string): boolean {
  let point = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && !point) point = true;
    else if (c < 48 || c > 57) return false;
  }
  return text.length > (point ? 1 : 0);
}

/** Python float(): what mprof's reader accepts. */
function toFloat(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (plainDecimal(text)) return Number(text);
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(trimmed)) return undefined;
  return /inf/i.test(trimmed) ? (trimmed.startsWith('-') ? -Infinity : Infinity) : Number(trimmed);
}

/** Parses a .dat file's text as mprof's read_mprofile_file does, but strictly. */
export function parseMprofile(text: string, file = '<string>'): Mprofile {
  const profile: Mprofile = { cmdline: null, mem: [], children: new Map(), funcs: [] };
  // A scan by index rather than split('\n'): a 2-million-sample file is read without a second
  // copy of every line, and MEM lines (nearly all of them) take a short path.
  for (let start = 0, number = 1; start < text.length; number++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, text.charCodeAt(end - 1) === 13 && end > start ? end - 1 : end);
    start = end + 1;
    if (line.startsWith('MEM ')) {
      const space = line.indexOf(' ', 4);
      const mem = space < 0 ? undefined : toFloat(line.slice(4, space));
      const next = line.indexOf(' ', space + 1);
      const ts = space < 0 ? undefined : toFloat(line.slice(space + 1, next < 0 ? undefined : next));
      if (mem === undefined || ts === undefined) throw new MprofileSyntaxError(file, number, 'MEM needs <MiB> <timestamp>');
      profile.mem.push({ mem, ts });
    } else {
      parseOtherLine(profile, line, file, number);
    }
  }
  return profile;
}

function parseOtherLine(profile: Mprofile, line: string, file: string, number: number): void {
  const fail = (reason: string): never => {
    throw new MprofileSyntaxError(file, number, reason);
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
      (profile as { cmdline: string | null }).cmdline = line.slice(space + 1);
      break;
    case 'MEM':
      fail('MEM needs <MiB> <timestamp>');
      break;
    case 'CHLD': {
      const [pid, mem, ts] = numbers(3, '<pid> <MiB> <timestamp>');
      if (!Number.isInteger(pid)) fail('CHLD pid must be an integer');
      const series = profile.children.get(pid) ?? [];
      series.push({ mem, ts });
      profile.children.set(pid, series);
      break;
    }
    case 'FUNC': {
      const name = values.shift();
      const [memStart, start, memEnd, end] = numbers(4, '<name> <MiB> <start> <MiB> <end> [level]');
      const level = values.length >= 5 ? toFloat(values[4]) : undefined;
      profile.funcs.push({ name: name ?? '', start: { mem: memStart, ts: start }, end: { mem: memEnd, ts: end }, level });
      break;
    }
    default:
      // mprof ignores other fields; so do we, so newer writers stay readable.
      break;
  }
}

/** The largest MEM value and when it was seen (NaN values skipped); undefined when there is none. */
export function peakOf(points: readonly MemPoint[]): MemPoint | undefined {
  let best: MemPoint | undefined;
  for (const point of points) if (!Number.isNaN(point.mem) && (best === undefined || point.mem > best.mem)) best = point;
  return best;
}

/** mprof's filter_mprofile_mem_usage_by_function: the MEM samples taken while `name` ran. */
export function samplesDuring(profile: Mprofile, name: string): MemPoint[] | undefined {
  const spans = profile.funcs.filter((f) => f.name === name);
  if (spans.length === 0) return undefined;
  return profile.mem.filter((p) => spans.some((f) => f.start.ts <= p.ts && p.ts <= f.end.ts));
}
