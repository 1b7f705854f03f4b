// memory_profiler's TimeStamper: under `memkit run` (as under `mprof run --python`) a profiled
// function is not traced line by line; each call records (MiB, time) at its start and end and
// its nesting level, and the process appends them to the run's .dat file as FUNC lines on exit.
import fs from 'node:fs';
import path from 'node:path';
import { memoryInfo } from '../psutil/index.js';
import { percentF } from '../pyformat.js';
import { readCallSites } from './call-sites.js';
import { kindOf } from './calls.js';

/** The environment variable through which `memkit run` names its .dat file to the command. */
export const MPROFILE_ENV = 'MEMKIT_MPROFILE';

const MIB = 2 ** 20;
type Stamp = readonly [mem: number, ts: number];

interface Span {
  readonly name: string;
  readonly level: number;
  readonly start: Stamp;
  end?: Stamp;
}

const spans: Span[] = [];
let level = 0;
let file: string | undefined;

const stamp = (): Stamp => [memoryInfo().rss / MIB, Date.now() / 1000];

// mprof's "FUNC %s %.4f %.4f %.4f %.4f %d"
const funcLine = ({ name, start, end, level: depth }: Span) =>
  `FUNC ${name} ${[...start, ...end!].map((x) => percentF(x, 4)).join(' ')} ${depth}\n`;

function writeSpans(): void {
  const text = spans.filter((span) => span.end !== undefined).map(funcLine).join('');
  if (text !== '') fs.appendFileSync(file!, text);
}

/** The .dat file to stamp into when this process runs under `memkit run`, else undefined. */
export function stampFile(): string | undefined {
  const named = process.env[MPROFILE_ENV];
  if (named === undefined || named === '') return undefined;
  if (file === undefined) {
    file = named;
    process.on('exit', writeSpans);
  }
  return file;
}

const MEMKIT_DIR = path.join(__dirname, '..');

/**
 * mprof names a function `module.name` (Python's func.__module__): here the base name of the
 * file that called profile(), the first frame outside memkit, without its extension.
 */
function callerModule(): string {
  const files = readCallSites(30, (_error, frames) => frames.map((f) => (f as unknown as { getFileName(): string | undefined }).getFileName()));
  const file = files.find((f) => f !== undefined && !f.startsWith(MEMKIT_DIR) && !f.startsWith('node:'));
  if (file === undefined) return '<unknown>';
  return path.basename(file.startsWith('file://') ? new URL(file).pathname : file).replace(/\.[^.]*$/, '');
}

export function stampCalls<F extends Function>(fn: F): F {
  const name = `${callerModule()}.${fn.name || '<anonymous>'}`.replace(/\s/g, '_');
  const kind = kindOf(fn);
  const timed = (invoke: () => unknown): unknown => {
    // mprof's levels start at 0 for an outermost call
    const span: Span = { name, level, start: stamp() };
    level += 1;
    spans.push(span);
    const close = () => {
      span.end = stamp();
    };
    let result: unknown;
    try {
      result = invoke();
    } catch (error) {
      close();
      throw error;
    } finally {
      level -= 1;
    }
    if (kind === 'async') return (result as Promise<unknown>).finally(close);
    close();
    return result;
  };
  return new Proxy(fn, {
    apply: (target, thisArg, args) => timed(() => Reflect.apply(target, thisArg, args)),
    construct: (target, args, newTarget) => timed(() => Reflect.construct(target, args, newTarget)) as object,
  });
}
