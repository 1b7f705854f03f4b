// memory_profiler's mprofile .dat format, line for line as `mprof run` writes it
// (memory_profiler 0.61 mprof.py and memory_usage(stream=...)):
//   CMDLINE <args joined by spaces, those with a blank in single quotes>
//   MEM <MiB, 6 decimals> <unix time, 4 decimals>
//   CHLD <child pid> <MiB, 6 decimals> <unix time, 4 decimals>
//   FUNC <module.name> <MiB start> <t start> <MiB end> <t end> <stack level from 0>
// Numbers are formatted as Python's '%.Nf' does (pyformat.ts), ties to even.

import { percentF } from '../pyformat.js';
import { parseMprofileBytes, type Samples } from './mprofile-reader.js';

export { MprofileSyntaxError } from './mprofile-reader.js';

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

/** Parses a .dat file's text as mprof's read_mprofile_file does, but strictly. */
export function parseMprofile(text: string, file = '<string>'): Mprofile {
  const { cmdline, mem, children, funcs } = parseMprofileBytes(Buffer.from(text, 'utf8'), file);
  return { cmdline, mem: memPoints(mem), children: new Map([...children].map(([pid, series]) => [pid, memPoints(series)])), funcs };
}

function memPoints({ mem, ts }: Samples): MemPoint[] {
  return Array.from(mem, (value, i) => ({ mem: value, ts: ts[i] }));
}

/** The index of the largest value (the first of equals, NaN skipped, as mprof's max); -1 when there is none. */
export function peakIndex(mem: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < mem.length; i++) if (!Number.isNaN(mem[i]) && (best < 0 || mem[i] > mem[best])) best = i;
  return best;
}

/** The largest MEM value and when it was seen (NaN values skipped); undefined when there is none. */
export function peakOf(points: readonly MemPoint[]): MemPoint | undefined {
  const peak = peakIndex(points.map((point) => point.mem));
  return peak < 0 ? undefined : points[peak];
}

/** Whether a time falls in a call of function `name` (from its FUNC lines); undefined when there is none. */
export function duringCalls(funcs: readonly FuncSpan[], name: string): ((ts: number) => boolean) | undefined {
  const spans = funcs.filter((f) => f.name === name);
  if (spans.length === 0) return undefined;
  return (ts) => spans.some((f) => f.start.ts <= ts && ts <= f.end.ts);
}

/** mprof's filter_mprofile_mem_usage_by_function: the MEM samples taken while `name` ran. */
export function samplesDuring(profile: Mprofile, name: string): MemPoint[] | undefined {
  const during = duringCalls(profile.funcs, name);
  return during && profile.mem.filter((p) => during(p.ts));
}
