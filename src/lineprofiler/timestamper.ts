// memory_profiler's TimeStamper: under `memkit run` (as under `mprof run --python`) a profiled
// function is not traced line by line; each call records (MiB, time) at its start and end and
// its nesting level, and the process appends them to the run's .dat file as FUNC lines on exit.
import fs from 'node:fs';
import { memoryInfo } from '../psutil/index.js';
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
  `FUNC ${name} ${start[0].toFixed(4)} ${start[1].toFixed(4)} ${end![0].toFixed(4)} ${end![1].toFixed(4)} ${depth}\n`;

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

export function stampCalls<F extends Function>(fn: F): F {
  const name = (fn.name || '<anonymous>').replace(/\s/g, '_');
  const kind = kindOf(fn);
  const timed = (invoke: () => unknown): unknown => {
    level += 1;
    const span: Span = { name, level, start: stamp() };
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
