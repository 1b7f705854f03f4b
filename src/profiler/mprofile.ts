// memory_profiler's mprofile .dat format, line for line as `mprof run` writes it
// (memory_profiler 0.61 mprof.py and memory_usage(stream=...)):
//   CMDLINE <args joined by spaces, those with a blank in single quotes>
//   MEM <MiB, 6 decimals> <unix time, 4 decimals>
//   CHLD <child pid> <MiB, 6 decimals> <unix time, 4 decimals>
//   FUNC <name> <MiB start> <t start> <MiB end> <t end> [stack level]   (read, never written)

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
export const memLine = (mem: number, ts: number): string => `MEM ${mem.toFixed(6)} ${ts.toFixed(4)}\n`;
export const chldLine = (pid: number, mem: number, ts: number): string =>
  `CHLD ${pid} ${mem.toFixed(6)} ${ts.toFixed(4)}\n`;

/** mprof's default output name: mprofile_YYYYMMDDhhmmss.dat in local time. */
export function defaultProfileName(date: Date = new Date()): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}`
    + `${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
  return `mprofile_${stamp}.dat`;
}

/** Python float(): what mprof's reader accepts. */
function toFloat(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i.test(trimmed)) return undefined;
  return /inf/i.test(trimmed) ? (trimmed.startsWith('-') ? -Infinity : Infinity) : Number(trimmed);
}

/** Parses a .dat file's text as mprof's read_mprofile_file does, but strictly. */
export function parseMprofile(text: string, file = '<string>'): Mprofile {
  const profile: Mprofile = { cmdline: null, mem: [], children: new Map(), funcs: [] };
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, index) => {
    const fail = (reason: string): never => {
      throw new MprofileSyntaxError(file, index + 1, reason);
    };
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
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
      case 'MEM': {
        const [mem, ts] = numbers(2, '<MiB> <timestamp>');
        profile.mem.push({ mem, ts });
        break;
      }
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
  });
  return profile;
}

/** The largest MEM value and when it was seen; undefined for a profile with no MEM line. */
export function peakOf(points: readonly MemPoint[]): MemPoint | undefined {
  let best: MemPoint | undefined;
  for (const point of points) if (best === undefined || point.mem > best.mem) best = point;
  return best;
}
