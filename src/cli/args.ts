// Shared option parsing on node:util parseArgs, with one-line usage errors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Command {
  readonly name: string;
  /** one line for `memkit --help` */
  readonly summary: string;
  /** full text for `memkit <name> --help` */
  readonly help: string;
  readonly options: OptionSpec;
  /** true: positionals after the first one (or after `--`) are a command line to run */
  readonly takesCommand?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number>;
}

/**
 * For commands that run another command: splits argv at `--` or at the first non-option, so
 * `memkit run node app.js --inspect` leaves `--inspect` to the child, as mprof's REMAINDER does.
 */
export function splitCommandLine(argv: readonly string[], options: OptionSpec): [mine: string[], theirs: string[]] {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [argv.slice(0, i), argv.slice(i + 1)];
    if (!arg.startsWith('-') || arg === '-') return [argv.slice(0, i), argv.slice(i)];
    const spec = arg.startsWith('--')
      ? options[arg.slice(2).split('=')[0]]
      : Object.values(options).find((o) => o.short === arg[1]);
    if (spec?.type === 'string' && !arg.includes('=') && !(arg.length > 2 && !arg.startsWith('--'))) i += 1;
  }
  return [[...argv], []];
}

/** Profile indices may be negative (-1: the newest); mprof's trick: a `--` before the first. */
function negativeIndices(argv: readonly string[]): string[] {
  const first = argv.findIndex((arg) => /^-\d+$/.test(arg));
  return first < 0 || argv.includes('--') ? [...argv] : [...argv.slice(0, first), '--', ...argv.slice(first)];
}

/**
 * `-T -1` as `--interval=-1`: parseArgs calls a value starting with a dash ambiguous; a negative
 * number after an option that takes a value is that value (and then a clear range error).
 */
function negativeValues(argv: readonly string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') return [...out, ...argv.slice(i)];
    const name = arg.startsWith('--') ? arg.slice(2) : Object.keys(options).find((key) => arg.length === 2 && options[key].short === arg[1]);
    if (name !== undefined && options[name]?.type === 'string' && /^-[\d.]/.test(argv[i + 1] ?? '')) {
      out.push(`--${name}=${argv[i + 1]}`);
      i += 1;
    } else {
      out.push(arg);
    }
  }
  return out;
}

export function parseCommandArgs(command: Command, argv: readonly string[]) {
  const [mine, theirs] = command.takesCommand ? splitCommandLine(argv, command.options) : [negativeIndices(argv), []];
  try {
    const { values, positionals } = parseArgs({
      args: negativeValues(mine, command.options),
      options: { help: { type: 'boolean', short: 'h' }, ...command.options },
      allowPositionals: !command.takesCommand,
      strict: true,
    });
    return { values, positionals: command.takesCommand ? theirs : positionals };
  } catch (error) {
    // parseArgs' messages run over several lines with advice; keep the first sentence.
    const message = (error as Error).message.split('\n')[0].replace(/\. To specify a positional.*$/, '');
    throw new UsageError(`${command.name}: ${message}`);
  }
}

/** A positive number of seconds from an option value. */
export function seconds(name: string, value: string | boolean | undefined, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a number of seconds > 0, got '${String(value)}'`);
  }
  return n;
}
